#!/usr/bin/env python3
"""bench/watchers' hold client: many concurrent v2 long polls (GET ...?wait=true), each on its own connection, with
asyncio and raw sockets (stdlib only). Every wait is bounded. The wake is timed by bench/wake.c: this client's own
parsing (one Python thread, 78-91 ms of CPU for 1,000 answers) was longer than either server's wake.

  watch.py hold URL WATCHERS HOLD_S SAMPLE PGID TIMEOUT_S
      WATCHERS long polls on distinct keys /v2/keys/bench/h/k<n>?wait=true, held HOLD_S seconds while the RSS (sum
      of VmRSS) and threads of process group PGID are read every second (the peak is reported); then one PUT on
      each of SAMPLE keys spread over the range, and those SAMPLE watchers must answer 200 with the value.
      Prints: HOLDRESULT watchers=.. open_at_end=.. rss_kib=.. rss_before_kib=.. threads=.. threads_before=..
      sample=.. sample_ok=.. registered_by=..
Exit status 1 on any failure (a watcher that did not connect, a bad answer, a timeout).
An https URL trusts the CA file named by BENCH_CA_FILE.
"""
import asyncio
import json
import os
import ssl
import sys
import time
import urllib.parse

SETTLE_S = 3.0  # when the server does not count its watchers: time given to the long polls to register


def ssl_ctx(parts):
    if parts.scheme != "https":
        return None
    return ssl.create_default_context(cafile=os.environ.get("BENCH_CA_FILE"))


async def read_response(reader):
    """-> (status, body bytes). Content-Length, chunked, or read-to-close bodies."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed before a status line")
    status = int(status_line.split()[1])
    headers = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        k, _, v = line.decode("latin-1").partition(":")
        headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    if "chunked" in headers.get("transfer-encoding", ""):
        body = b""
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            if size == 0:
                return status, body
            body += await reader.readexactly(size)
            await reader.readline()
            # a v2 watch answers with one JSON event; the end of the stream may come later
            try:
                json.loads(body)
                return status, body
            except ValueError:
                continue
    return status, await reader.read()


async def request(parts, method, path, body=None, timeout=10.0):
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(parts.hostname, parts.port, ssl=ssl_ctx(parts)), timeout)
    try:
        hdr = "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n" % (method, path, parts.netloc)
        data = b""
        if body is not None:
            data = body.encode()
            hdr += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n" % len(data)
        writer.write(hdr.encode() + b"\r\n" + data)
        return await asyncio.wait_for(read_response(reader), timeout)
    finally:
        writer.close()


async def watcher_count(parts):
    """The server's count of its watchers (/v2/stats/store "watchers"), or None when it has none."""
    try:
        status, body = await request(parts, "GET", "/v2/stats/store", timeout=5)
        return int(json.loads(body)["watchers"]) if status == 200 else None
    except (OSError, ValueError, KeyError, asyncio.TimeoutError, ConnectionError):
        return None


class Watch:
    """One long poll: connect, send the request; answer() waits for the event."""

    def __init__(self, parts, path):
        self.parts, self.path = parts, path
        self.reader = self.writer = None
        self.done_at = None

    async def open(self, timeout):
        self.reader, self.writer = await asyncio.wait_for(
            asyncio.open_connection(self.parts.hostname, self.parts.port, ssl=ssl_ctx(self.parts)), timeout)
        self.writer.write(("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (self.path, self.parts.netloc)).encode())
        await self.writer.drain()

    async def answer(self):
        status, body = await read_response(self.reader)
        self.done_at = time.monotonic()
        return status, body

    def close(self):
        if self.writer:
            self.writer.close()


async def open_all(watches, timeout):
    sem = asyncio.Semaphore(200)  # connects in flight at once: a listen backlog is finite

    async def one(w):
        async with sem:
            await w.open(timeout)

    await asyncio.wait_for(asyncio.gather(*(one(w) for w in watches)), timeout)


async def registered(parts, base, n, timeout):
    """Waits (bounded) until the server counts n more watchers than base; -> 'stats' or 'settle'."""
    if base is None:
        await asyncio.sleep(SETTLE_S)
        return "settle"
    deadline, c = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        c = await watcher_count(parts)
        if c is not None and c >= base + n:
            return "stats"
        await asyncio.sleep(0.05)
    raise TimeoutError("the server counts %s watchers, want %d, after %.0f s" % (c, base + n, timeout))


def value_of(body):
    return json.loads(body)["node"]["value"]


def group_usage(pgid):
    """(sum of VmRSS in KiB, threads) over the processes of process group pgid."""
    rss = threads = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:  # fields after the name: state, ppid, pgrp, ...
                continue
            with open("/proc/%s/status" % pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Threads:"):
                        threads += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return rss, threads


async def hold(url, n, hold_s, sample, pgid, timeout):
    parts = urllib.parse.urlsplit(url)
    rss_before, threads_before = group_usage(pgid)
    base = await watcher_count(parts)
    watches = [Watch(parts, "/v2/keys/bench/h/k%d?wait=true" % i) for i in range(n)]
    try:
        await open_all(watches, timeout)
        how = await registered(parts, base, n, timeout)
        answers = [asyncio.ensure_future(w.answer()) for w in watches]
        peak_rss = peak_threads = 0
        end = time.monotonic() + hold_s
        while time.monotonic() < end:
            rss, threads = group_usage(pgid)
            peak_rss, peak_threads = max(peak_rss, rss), max(peak_threads, threads)
            await asyncio.sleep(min(1.0, max(0.0, end - time.monotonic())))
        open_at_end = sum(1 for a in answers if not a.done())
        step = max(1, n // sample)
        picked = list(range(0, n, step))[:sample]
        for i in picked:
            status, _ = await request(parts, "PUT", "/v2/keys/bench/h/k%d" % i, "value=h%d" % i, timeout)
            if not 200 <= status < 300:
                raise RuntimeError("PUT k%d -> %d" % (i, status))
        results = await asyncio.wait_for(
            asyncio.gather(*(answers[i] for i in picked), return_exceptions=True), timeout)
        ok = sum(1 for i, r in zip(picked, results)
                 if not isinstance(r, BaseException) and r[0] == 200 and value_of(r[1]) == "h%d" % i)
        print("HOLDRESULT watchers=%d open_at_end=%d rss_kib=%d rss_before_kib=%d threads=%d threads_before=%d "
              "sample=%d sample_ok=%d registered_by=%s" % (
                  n, open_at_end, peak_rss, rss_before, peak_threads, threads_before, len(picked), ok, how))
        for a in answers:
            a.cancel()
        return ok == len(picked) and open_at_end == n
    finally:
        for w in watches:
            w.close()


def main():
    mode = sys.argv[1]
    try:
        if mode == "hold":
            ok = asyncio.run(hold(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]),
                                  int(sys.argv[6]), float(sys.argv[7])))
        else:
            sys.exit("unknown mode %s" % mode)
    except (OSError, RuntimeError, TimeoutError, asyncio.TimeoutError, ConnectionError, ValueError) as e:
        print("watch.py %s failed: %s: %s" % (mode, type(e).__name__, e), file=sys.stderr)
        sys.exit(1)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
