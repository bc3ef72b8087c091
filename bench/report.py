#!/usr/bin/env python3
"""Turn bench/run's raw rows into the comparison table.

usage: report.py RAW.tsv OURS_NAME REF_NAME MAX_ERR_PCT [TARGETS]

Each raw row is tab/space separated key=value pairs:
  run, workload, conns, target (ours|ref) and the BENCHRESULT fields of
  bench/common.lua (requests, duration_us, p50_us, p99_us, non2xx, err_*).
Per cell and target the MEDIAN over runs of ops/s, p50 and p99 is shown.
A cell FAILS when errors (non-2xx + socket errors) exceed MAX_ERR_PCT % of
all requests of that target in that cell, or when wrk failed; exit status 2.

TARGETS (optional) overrides the performance targets: entries separated by
";", each WORKLOAD@CONNS:MIN_OPS_RATIO:MAX_P99_RATIO, where MAX_P99_RATIO may
be "-" (no p99 target). WORKLOAD matches a cell's whole workload name or its
first word, e.g. "PUT@64:1.5:1.0;GET quorum@64:1.5:-".

When the environment names BENCH_SUMMARY_FILE, the medians are also appended to
it as tab-separated "METRIC OURS REF" lines, METRIC being "<workload>@<conns>
ops|p50_us|p99_us|failed" (failed: 1 when the cell broke its error budget), for
bench/issue14 to read without parsing this table.
"""
import os
import statistics
import sys

ERR_KEYS = ("non2xx", "err_connect", "err_read", "err_write", "err_timeout")

# targets bench/README.md states for bench/run; bench/cluster passes its own
DEFAULT_TARGETS = "PUT@64:2.0:1.0;GET@64:1.5:1.0"


def parse_targets(spec):
    """-> {(workload, conns): (min ops ratio, max p99 ratio or None)}"""
    out = {}
    for entry in filter(None, (e.strip() for e in spec.split(";"))):
        cell, lo, hi = entry.rsplit(":", 2)
        workload, conns = cell.rsplit("@", 1)
        out[(workload, conns)] = (float(lo), None if hi == "-" else float(hi))
    return out


def target_for(targets, workload, conns):
    return targets.get((workload, conns)) or targets.get((workload.split()[0], conns))


def parse(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            d = {}
            for field in line.split("\t"):
                if field.startswith(("run=", "workload=", "conns=", "target=")):
                    k, v = field.split("=", 1)
                    d[k] = v
                else:
                    for kv in field.split():
                        k, v = kv.split("=", 1)
                        d[k] = int(v)
            rows.append(d)
    return rows


def summarize(rows):
    """-> ordered {(workload, conns): {target: stats}}"""
    cells = {}
    for r in rows:
        cells.setdefault((r["workload"], r["conns"]), {}).setdefault(r["target"], []).append(r)
    out = {}
    for key, by_target in cells.items():
        out[key] = {}
        for t, rs in by_target.items():
            ok = [r for r in rs if not r.get("wrk_failed") and r["duration_us"] > 0]
            with_cpu = [r for r in ok if "cpu_ms" in r and r["requests"] > 0]
            with_client = [r for r in ok if "client_cpu_ms" in r and r["requests"] > 0]
            reqs = sum(r["requests"] for r in rs)
            errs = sum(sum(r[k] for k in ERR_KEYS) for r in rs)
            bad = [r["bad_status"] for r in rs if r["bad_status"]]
            out[key][t] = {
                "ops": statistics.median(r["requests"] / (r["duration_us"] / 1e6) for r in ok) if ok else 0.0,
                "p50": statistics.median(r["p50_us"] for r in ok) if ok else 0,
                "p99": statistics.median(r["p99_us"] for r in ok) if ok else 0,
                # server CPU per request, µs (rows from before the harness measured CPU have no cpu_ms)
                "cpu_us": statistics.median(1000.0 * r["cpu_ms"] / r["requests"] for r in with_cpu) if with_cpu else None,
                # the client's (wrk's) CPU per request, µs: on two shared cores, what is left for the server
                "client_us": statistics.median(1000.0 * r["client_cpu_ms"] / r["requests"] for r in with_client)
                if with_client else None,
                "requests": reqs,
                "errors": errs,
                "bad_status": bad[-1] if bad else 0,
                "wrk_failed": len(rs) - len(ok),
                "runs": len(rs),
            }
    return out


def ms(us):
    return "%.2fms" % (us / 1000.0) if us < 10_000_000 else "%.1fs" % (us / 1e6)


def main():
    raw, ours_name, ref_name, max_err_pct = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    targets = parse_targets(sys.argv[5] if len(sys.argv) > 5 else DEFAULT_TARGETS)
    cells = summarize(parse(raw))
    o_h, r_h = "%s ops/s" % ours_name, "%s ops/s" % ref_name
    w_o, w_r = max(len(o_h), 11), max(len(r_h), 11)
    hdr = "%-16s %5s | %*s %9s %9s | %*s %9s %9s | %11s %9s | %s" % (
        "workload", "conns", w_o, o_h, "p50", "p99", w_r, r_h, "p50", "p99", "ratio ops/s", "p99 ratio", "errors")
    print(hdr)
    print("-" * len(hdr))
    failed, notes, verdicts, cpu_lines = False, [], [], []
    summary = []
    for (workload, conns), by_t in cells.items():
        o, r = by_t.get("ours"), by_t.get("ref")
        if not o or not r:
            continue
        ratio = o["ops"] / r["ops"] if r["ops"] else float("nan")
        p99r = o["p99"] / r["p99"] if r["p99"] else float("nan")
        status, fail_of = [], {}
        for key, name, s in (("ours", ours_name, o), ("ref", ref_name, r)):
            fail_of[key] = bool(s["wrk_failed"] or s["requests"] == 0 or (
                s["requests"] and 100.0 * s["errors"] / s["requests"] > max_err_pct))
            pct = 100.0 * s["errors"] / s["requests"] if s["requests"] else 0.0
            if s["wrk_failed"]:
                status.append("%s: wrk failed in %d/%d runs" % (name, s["wrk_failed"], s["runs"]))
            if s["errors"]:
                status.append("%s: %d/%d = %.3f%%%s" % (
                    name, s["errors"], s["requests"], pct,
                    " (last bad status %d)" % s["bad_status"] if s["bad_status"] else ""))
            if s["wrk_failed"] or pct > max_err_pct or s["requests"] == 0:
                status.append("FAIL(>%g%%)" % max_err_pct if not s["wrk_failed"] else "FAIL")
                failed = True
        err_col = "ok" if not status else "; ".join(status)
        name = "%s@%s" % (workload, conns)
        summary += [(name + " ops", "%.1f" % o["ops"], "%.1f" % r["ops"]),
                    (name + " p50_us", o["p50"], r["p50"]), (name + " p99_us", o["p99"], r["p99"]),
                    (name + " failed", int(fail_of["ours"]), int(fail_of["ref"]))]
        if o["cpu_us"] is not None and r["cpu_us"] is not None:
            summary.append((name + " cpu_us_per_op", "%.1f" % o["cpu_us"], "%.1f" % r["cpu_us"]))
            client = "%5.0f | %5.0f" % (o["client_us"], r["client_us"]) if o["client_us"] is not None and \
                r["client_us"] is not None else "    - |     -"
            if o["client_us"] is not None and r["client_us"] is not None:
                summary.append((name + " client_cpu_us_per_op", "%.1f" % o["client_us"], "%.1f" % r["client_us"]))
            cpu_lines.append("%-16s %5s | %*.0f | %*.0f | %10.2fx | %s" % (
                workload, conns, w_o, o["cpu_us"], w_r, r["cpu_us"], o["cpu_us"] / r["cpu_us"] if r["cpu_us"] else 0,
                client))
        if any(x.startswith("FAIL") for x in status):
            err_col = "!! " + err_col
            notes.append("%s c=%s: %s" % (workload, conns, err_col))
        print("%-16s %5s | %*.0f %9s %9s | %*.0f %9s %9s | %10.2fx %8.2fx | %s" % (
            workload, conns, w_o, o["ops"], ms(o["p50"]), ms(o["p99"]),
            w_r, r["ops"], ms(r["p50"]), ms(r["p99"]), ratio, p99r, err_col))
        tgt = target_for(targets, workload, conns)
        if tgt:
            lo, hi = tgt
            ok = ratio >= lo and (hi is None or p99r <= hi)
            want_p99 = "no p99 target" if hi is None else "want <= %.1fx" % hi
            verdicts.append("  %-16s c=%-4s ops ratio %.2fx (want >= %.1fx), p99 ratio %.2fx (%s): %s" % (
                workload, conns, ratio, lo, p99r, want_p99, "MET" if ok else "not met"))
    if os.environ.get("BENCH_SUMMARY_FILE"):
        with open(os.environ["BENCH_SUMMARY_FILE"], "a") as f:
            for row in summary:
                f.write("\t".join(str(x) for x in row) + "\n")
    if cpu_lines:
        print()
        print("server CPU per request, µs (user + system of every server process during the measured seconds; "
              "median of runs):")
        print("%-16s %5s | %*s | %*s | %11s | client (wrk) CPU per request, µs, against each" % (
            "workload", "conns", w_o, ours_name, w_r, ref_name, "ratio"))
        print("\n".join(cpu_lines))
    print()
    print("ratio ops/s = %s / %s (higher is better); p99 ratio = %s p99 / %s p99 (lower is better)" % (
        ours_name, ref_name, ours_name, ref_name))
    if verdicts:
        print("targets:")
        print("\n".join(verdicts))
    if failed:
        print()
        print("!!!! ERROR THRESHOLD EXCEEDED (> %g%% non-2xx/socket errors) IN:" % max_err_pct)
        print("\n".join("!!!!   " + n for n in notes))
        sys.exit(2)


if __name__ == "__main__":
    main()
