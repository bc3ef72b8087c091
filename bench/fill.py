#!/usr/bin/env python3
"""bench/footprint's writer: PUT KEYS distinct keys of VALUE_BYTES once each through the v2 API,
/v2/keys/fill/k<n>, over CONNS keep-alive connections (one thread each, every thread its own share of n).
Prints "FILLRESULT keys=.. errors=.. seconds=..". Exit status 1 when any PUT failed.
Usage: fill.py URL KEYS VALUE_BYTES CONNS   (an https URL trusts the CA file named by BENCH_CA_FILE)
wrk cannot do this: a wrk thread can stop itself, but the run still lasts its full -d."""
import http.client
import os
import ssl
import sys
import threading
import time
import urllib.parse

url, keys, value_bytes, conns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
parts = urllib.parse.urlsplit(url)
body = "value=" + ("v" * value_bytes)
headers = {"Content-Type": "application/x-www-form-urlencoded"}
errors = []


def connect():
    if parts.scheme == "https":
        ctx = ssl.create_default_context(cafile=os.environ.get("BENCH_CA_FILE"))
        return http.client.HTTPSConnection(parts.hostname, parts.port, timeout=30, context=ctx)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def writer(first):
    conn = connect()
    for n in range(first, keys, conns):
        try:
            conn.request("PUT", "/v2/keys/fill/k%d" % n, body, headers)
            r = conn.getresponse()
            r.read()
            if not 200 <= r.status < 300:
                errors.append("k%d -> %d" % (n, r.status))
        except (OSError, http.client.HTTPException) as e:
            errors.append("k%d: %s" % (n, e))
            conn.close()
            conn = connect()
        if len(errors) > 10:
            return


start = time.monotonic()
threads = [threading.Thread(target=writer, args=(i,)) for i in range(conns)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("FILLRESULT keys=%d errors=%d seconds=%.3f" % (keys, len(errors), time.monotonic() - start))
for e in errors[:10]:
    print("  error:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
