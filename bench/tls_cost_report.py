#!/usr/bin/env python3
"""bench/tls-cost's table: what TLS costs each server, from one run's interleaved cells.

usage: tls_cost_report.py RAW.tsv KIND TARGET MAX_ERR_PCT OURS_NAME REF_NAME

RAW rows are bench/lib.sh's run_cell rows for the targets ours, ours_tls, ref and ref_tls. For each cell and server:
the median ops/s without and with TLS, the cost as the median over runs of each run's paired cost
(1 - tls/plain, the two cells measured seconds apart) and as 1 - median(tls)/median(plain), the server CPU per request
(all three members) and wrk's. TARGET (a fraction) is checked against etcdj's paired cost of every cell. With
BENCH_SUMMARY_FILE set, appends "METRIC OURS REF" lines for bench/issue14:
"<cell> tls_cost", "<cell> tls_cpu_us_per_op", "<cell> plain_cpu_us_per_op" and "<cell> failed".
Exit status 2 when a cell broke its error budget (MAX_ERR_PCT % of its requests), else 0.
"""
import os
import statistics
import sys

ERR_KEYS = ("non2xx", "err_connect", "err_read", "err_write", "err_timeout")
raw, kind, target, max_err_pct, on, rn = sys.argv[1:7]
target, max_err_pct = float(target), float(max_err_pct)

rows = []
for line in open(raw):
    # tab-separated fields (a workload has a space: "PUT 256B"); the last holds space-separated pairs
    d = {}
    for field in line.rstrip("\n").split("\t"):
        pairs = [field] if field.startswith("workload=") else field.split()
        d.update(kv.split("=", 1) for kv in pairs if "=" in kv)
    if "target" in d:
        rows.append(d)


def cell_name(d):
    return "%s@%s" % (d["workload"], d["conns"])


cells = []
for d in rows:
    if cell_name(d) not in cells:
        cells.append(cell_name(d))

# (cell, target) -> {run: row}
by = {}
for d in rows:
    by.setdefault((cell_name(d), d["target"]), {})[d["run"]] = d


def ops(d):
    s = int(d["duration_us"]) / 1e6
    return int(d["requests"]) / s if s else 0.0


def per_op(d, key):
    n = int(d["requests"])
    return int(d[key]) * 1000.0 / n if n else float("nan")


def failed(cell, t):
    runs = by.get((cell, t), {}).values()
    total = sum(int(d["requests"]) for d in runs)
    errs = sum(int(d.get(k, 0)) for d in runs for k in ERR_KEYS)
    return any(d.get("wrk_failed") == "1" for d in runs) or total == 0 or errs * 100.0 > max_err_pct * total


def med(values):
    values = [v for v in values if v == v]
    return statistics.median(values) if values else float("nan")


def side(cell, plain, tls):
    p, t = by.get((cell, plain), {}), by.get((cell, tls), {})
    runs = sorted(set(p) & set(t), key=int)
    paired = [1 - ops(t[r]) / ops(p[r]) for r in runs if ops(p[r])]
    mp, mt = med([ops(p[r]) for r in runs]), med([ops(t[r]) for r in runs])
    return {
        "plain": mp,
        "tls": mt,
        "paired": med(paired),
        "paired_all": paired,
        "of_medians": 1 - mt / mp if mp else float("nan"),
        "cpu_plain": med([per_op(p[r], "cpu_ms") for r in runs]),
        "cpu_tls": med([per_op(t[r], "cpu_ms") for r in runs]),
        "wrk_plain": med([per_op(p[r], "client_cpu_ms") for r in runs]),
        "wrk_tls": med([per_op(t[r], "client_cpu_ms") for r in runs]),
        "failed": failed(cell, plain) or failed(cell, tls),
    }


what = "peer mutual TLS" if kind == "peer" else "client HTTPS"
print("%s cost = 1 - ops/s with TLS / ops/s without, same server, cells of one run seconds apart" % what)
print("want: %s's cost of every cell <= %.0f %% (the paired median)" % (on, target * 100))
print()
hdr = "%-14s %-22s %9s %9s %12s %12s %17s %15s" % (
    "cell", "server", "plain/s", "TLS/s", "cost(paired)", "cost(medians)", "server us/req", "wrk us/req")
print(hdr)
print("-" * len(hdr))
summary, status, verdicts = [], 0, []
for cell in cells:
    o, r = side(cell, "ours", "ours_tls"), side(cell, "ref", "ref_tls")
    for name, s in ((on, o), (rn, r)):
        print("%-14s %-22s %9.0f %9.0f %11.1f%% %12.1f%% %8.0f -> %-6.0f %6.0f -> %-6.0f%s" % (
            cell, name, s["plain"], s["tls"], s["paired"] * 100, s["of_medians"] * 100, s["cpu_plain"],
            s["cpu_tls"], s["wrk_plain"], s["wrk_tls"], "  FAILED (errors or wrk)" if s["failed"] else ""))
    print("%-14s %-22s %s" % ("", "  each run's cost", ", ".join(
        "%s %.1f%%/%.1f%%" % (i + 1, a * 100, b * 100) for i, (a, b) in enumerate(zip(o["paired_all"], r["paired_all"])))
        + "  (%s/%s)" % (on, rn)))
    if o["failed"] or r["failed"]:
        status = 2
    verdicts.append((cell, o["paired"] <= target))
    summary += [("%s tls_cost" % cell, o["paired"], r["paired"]),
                ("%s tls_cpu_us_per_op" % cell, o["cpu_tls"], r["cpu_tls"]),
                ("%s plain_cpu_us_per_op" % cell, o["cpu_plain"], r["cpu_plain"]),
                ("%s failed" % cell, int(o["failed"]), int(r["failed"]))]
print()
for cell, ok in verdicts:
    print("target %s: %s's %s cost <= %.0f %%: %s" % (cell, on, what, target * 100, "MET" if ok else "not met"))
if os.environ.get("BENCH_SUMMARY_FILE"):
    with open(os.environ["BENCH_SUMMARY_FILE"], "a") as f:
        for metric, a, b in summary:
            f.write("%s\t%s\t%s\n" % (metric, a, b))
sys.exit(status)
