#!/usr/bin/env python3
"""bench/issue14's table: every target of issue 14 from the sub-benchmarks' summaries.

usage: issue14_report.py DIR VALUE_BYTES OURS_NAME REF_NAME

DIR holds the summaries (tab-separated "METRIC OURS REF" lines, see report.py) of
  cluster.tsv (bench/cluster), tls-client.tsv and tls-peer.tsv (bench/tls-cost, client HTTPS and peer mutual TLS),
  cold.tsv, watchers.tsv, single.tsv (bench/run)
and status.tsv ("NAME EXIT_STATUS" per sub-benchmark). A missing summary or metric shows as "-" and its
target as "not measured". Labels take COLD_SECONDS, BENCH_FILL_KEYS and WATCH_WAKERS from the
environment. Exit status 0.
"""
import os
import sys

d, vb, on, rn = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]


def load(name):
    out = {}
    path = os.path.join(d, name + ".tsv")
    if os.path.exists(path):
        for line in open(path):
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                out[parts[0]] = (parts[1], parts[2])
    return out


S = {n: load(n) for n in ("cluster", "tls-client", "tls-peer", "cold", "watchers", "single")}
status = {}
if os.path.exists(os.path.join(d, "status.tsv")):
    for line in open(os.path.join(d, "status.tsv")):
        n, rc = line.split()
        status[n] = rc


def get(bench, metric):
    v = S[bench].get(metric)
    if not v:
        return None, None
    try:
        return float(v[0]), float(v[1])
    except ValueError:
        return None, None


def failed(bench, cell):
    v = S[bench].get(cell + " failed")
    return bool(v and (v[0] == "1" or v[1] == "1"))


rows = []  # (target, ours, ref, ratio text, want text, verdict)
PUT = "PUT %sB" % vb


def fmt(x, unit):
    if x is None:
        return "-"
    if unit == "ops":
        return "%.0f ops/s" % x
    if unit == "us":
        return "%.2f ms" % (x / 1000)
    if unit == "ms":
        return "%.1f ms" % x
    if unit == "kib":
        return "%.1f MiB" % (x / 1024)
    return "%g" % x


def ratio_row(label, bench, metric, unit, op, want, cell=None):
    o, r = get(bench, metric)
    if o is None or r is None or not r:
        rows.append((label, fmt(o, unit), fmt(r, unit), "-", "%s %.1fx" % (op, want), "not measured"))
        return
    ratio = o / r
    ok = ratio >= want if op == ">=" else ratio <= want
    verdict = "MET" if ok else "not met"
    if cell and failed(bench, cell):
        verdict += " (cell over its error budget!)"
    rows.append((label, fmt(o, unit), fmt(r, unit), "%.2fx" % ratio, "%s %.1fx" % (op, want), verdict))


C = "cluster"
for conns in ("64", "256"):
    cell = "%s@%s" % (PUT, conns)
    ratio_row("3 members: writes/s @%s" % conns, C, cell + " ops", "ops", ">=", 2.0, cell)
    ratio_row("3 members: write p99 @%s" % conns, C, cell + " p99_us", "us", "<=", 1.0, cell)
ratio_row("3 members: plain reads/s @64", C, "GET@64 ops", "ops", ">=", 2.0, "GET@64")
ratio_row("3 members: quorum reads/s @64", C, "GET quorum@64 ops", "ops", ">=", 2.0, "GET quorum@64")
ratio_row("3 members: writes/s @1", C, "%s@1 ops" % PUT, "ops", ">=", 1.0, "%s@1" % PUT)
ratio_row("cold: first %s s writes/s @64" % os.environ.get("COLD_SECONDS", "10"), "cold", "cold %s@64 ops" % PUT, "ops", ">=", 1.0, "cold %s@64" % PUT)
ratio_row("leader RSS after %s keys" % os.environ.get("BENCH_FILL_KEYS", "100000"), C, "leader_rss_filled_kib", "kib", "<=", 0.5)
ratio_row("%s watchers woken by one write" % os.environ.get("WATCH_WAKERS", "1000"), "watchers", "watch_wake_ms", "ms", "<=", 0.5)


def report_row(label, bench, metric, unit):
    """A figure that explains a target, with no verdict of its own."""
    o, r = get(bench, metric)
    if o is not None and r is not None:
        rows.append((label, fmt(o, unit), fmt(r, unit), "%.2fx" % (o / r) if r else "-", "report", ""))


# the wake is CPU-bound on the shared cores: (server + client CPU) / cores is its floor, and the client (bench/wake.c)
# spends ~20 ms of mostly kernel time receiving 1,000 answers whatever the server
report_row("  server CPU per wake", "watchers", "watch_wake_server_cpu_ms", "ms")
report_row("  client CPU per wake (the same client)", "watchers", "watch_wake_client_cpu_ms", "ms")

# hold: report RSS and threads; the target is "bounded": every watcher held and the sample answered
w = S["watchers"]
if "watch_hold_rss_kib" in w:
    for label, key, unit in (("hold: RSS while holding", "watch_hold_rss_kib", "kib"),
                             ("hold: threads while holding", "watch_hold_threads", "")):
        o, r = get("watchers", key)
        rows.append((label, fmt(o, unit), fmt(r, unit), "%.2fx" % (o / r) if r else "-", "report", ""))
    # the target is ours' (etcd 3.4's row is for comparison)
    ok = (w.get("watch_hold_open_at_end", ("0",))[0] == w.get("watch_hold_watchers", ("?",))[0]
          and w.get("watch_hold_sample_ok", ("0",))[0] == w.get("watch_hold_sample", ("?",))[0]
          and w.get("watch_hold_failed", ("1",))[0] == "0")
    o_txt = "%s/%s held, %s/%s answered" % (w["watch_hold_open_at_end"][0], w["watch_hold_watchers"][0],
                                            w["watch_hold_sample_ok"][0], w["watch_hold_sample"][0])
    r_txt = "%s/%s held, %s/%s answered" % (w["watch_hold_open_at_end"][1], w["watch_hold_watchers"][1],
                                            w["watch_hold_sample_ok"][1], w["watch_hold_sample"][1])
    rows.append(("hold: %s long polls held, sample answered" % w["watch_hold_watchers"][0], o_txt, r_txt, "-", "all", "MET" if ok else "not met"))
else:
    rows.append(("hold: many long polls", "-", "-", "-", "report", "not measured"))


# TLS costs, from bench/tls-cost (four clusters in one run, cells interleaved): the median of each run's paired
# 1 - tls_ops / plain_ops per server, on PUT@64 and GET@64
def cost_row(label, bench, cell, want):
    c = get(bench, cell + " tls_cost")
    if None in c:
        rows.append((label, "-", "-", "-", "ours <= %d %%" % (want * 100), "not measured"))
        return
    verdict = "MET" if c[0] <= want else "not met"
    if failed(bench, cell):
        verdict += " (a cell over its error budget!)"
    rows.append((label, "%.1f %%" % (c[0] * 100), "%.1f %%" % (c[1] * 100), "-", "ours <= %d %%" % (want * 100),
                 verdict))


# the reads that cross each TLS: any client GET over HTTPS; quorum GETs (a ReadIndex round to the followers) over peer
# TLS, as a plain GET is answered from the leader's store with no peer traffic
for bench, what, want, read in (("tls-client", "client HTTPS", 0.20, "GET@64"),
                                ("tls-peer", "peer mutual TLS", 0.15, "GET quorum@64")):
    cost_row("%s cost, %s@64" % (what, PUT), bench, "%s@64" % PUT, want)
    cost_row("%s cost, %s" % (what, read), bench, read, want)
    # what TLS adds per request to the servers (all three members): where a cost comes from
    for cell in ("%s@64" % PUT, read):
        p, t = get(bench, cell + " plain_cpu_us_per_op"), get(bench, cell + " tls_cpu_us_per_op")
        if None not in p and None not in t:
            rows.append(("  %s: server CPU us/request, %s" % (what, cell), "%.0f -> %.0f" % (p[0], t[0]),
                         "%.0f -> %.0f" % (p[1], t[1]), "-", "report", ""))

ratio_row("1 member: writes/s @64", "single", "%s@64 ops" % PUT, "ops", ">=", 2.0, "%s@64" % PUT)

w0 = max(len(r[0]) for r in rows)
w1 = max(max(len(r[1]) for r in rows), len(on))
w2 = max(max(len(r[2]) for r in rows), len(rn))
hdr = "%-*s | %*s | %*s | %7s | %-13s | %s" % (w0, "target (issue 14)", w1, on, w2, rn, "ratio", "want", "verdict")
print(hdr)
print("-" * len(hdr))
for r in rows:
    print("%-*s | %*s | %*s | %7s | %-13s | %s" % (w0, r[0], w1, r[1], w2, r[2], r[3], r[4], r[5]))
met = sum(1 for r in rows if r[5].startswith("MET"))
judged = sum(1 for r in rows if r[5])
print()
print("%d of %d targets met. ratio = %s / %s; TLS cost = 1 - ops with TLS / ops without, same server, cells of one"
      " run seconds apart (median over runs)."
      % (met, judged, on, rn))
if status:
    print("sub-benchmark exit status: " + ", ".join("%s %s" % kv for kv in status.items())
          + "  (0 ok, 1 set-up failure, 2 a cell over its error budget or a failed part)")
