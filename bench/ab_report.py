#!/usr/bin/env python3
"""The table of bench/ab: per cell, build A against build B, from bench/cluster's summaries.

usage: ab_report.py DIR PAIRS

DIR holds A.<n>.tsv and B.<n>.tsv for n = 1..PAIRS: bench/cluster's summary rows, tab-separated
"<workload>@<conns> <metric>", ours, ref (metric: ops, p50_us, p99_us, failed, cpu_us_per_op, ...).
A missing file (a run that failed) is left out and named. Per cell and side: the median and the range of our
writes or reads per second, the median of etcd 3.4's in the same runs, the median of the per-run ratios, our p99
and server CPU per request. "B/A" is B's median over A's; "spread" says whether B's range and A's overlap, because
one side's median moving inside the other's range is not a change this many runs can show.
"""
import os
import statistics
import sys


def load(path):
    rows = {}
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                continue
            name, ours, ref = parts
            cell, _, metric = name.rpartition(" ")
            try:
                rows[(cell, metric)] = (float(ours), float(ref))
            except ValueError:
                continue
    return rows


def median(values):
    return statistics.median(values) if values else float("nan")


def fmt(value, digits=0):
    if value != value:  # NaN
        return "-"
    return f"{value:,.{digits}f}"


def main():
    directory, pairs = sys.argv[1], int(sys.argv[2])
    runs = {"A": [], "B": []}
    missing = []
    for side in runs:
        for n in range(1, pairs + 1):
            path = os.path.join(directory, f"{side}.{n}.tsv")
            if os.path.exists(path):
                runs[side].append(load(path))
            else:
                missing.append(f"{side}.{n}")
    cells = []
    for side_runs in runs.values():
        for rows in side_runs:
            for cell, metric in rows:
                if metric == "ops" and cell not in cells:
                    cells.append(cell)
    if not cells:
        print("no run finished: nothing to compare")
        return 1

    def column(side, cell, metric, which):
        out = []
        for rows in runs[side]:
            if (cell, metric) in rows:
                out.append(rows[(cell, metric)][which])
        return out

    print("| cell | side | runs | etcdj ops/s median (range) | etcd 3.4 ops/s median | ratio median | p99 ms median "
          "| server CPU µs/op median |")
    print("|---|---|---|---|---|---|---|---|")
    verdicts = []
    for cell in cells:
        medians = {}
        ranges = {}
        for side in ("A", "B"):
            ours = column(side, cell, "ops", 0)
            refs = column(side, cell, "ops", 1)
            ratios = [o / r for o, r in zip(ours, refs) if r > 0]
            p99 = [v / 1000 for v in column(side, cell, "p99_us", 0)]
            cpu = column(side, cell, "cpu_us_per_op", 0)
            failed = sum(1 for v in column(side, cell, "failed", 0) if v > 0)
            medians[side] = median(ours)
            ranges[side] = (min(ours), max(ours)) if ours else (float("nan"), float("nan"))
            span = f"{fmt(ranges[side][0])}-{fmt(ranges[side][1])}" if ours else "-"
            note = f" ({failed} over the error budget)" if failed else ""
            print(f"| {cell} | {side} | {len(ours)} | {fmt(medians[side])} ({span}){note} | {fmt(median(refs))} "
                  f"| {fmt(median(ratios), 2)}x | {fmt(median(p99), 1)} | {fmt(median(cpu), 1)} |")
        change = medians["B"] / medians["A"] if medians["A"] > 0 else float("nan")
        (a_lo, a_hi), (b_lo, b_hi) = ranges["A"], ranges["B"]
        counts = [len(column(side, cell, "ops", 0)) for side in ("A", "B")]
        if min(counts) == 0:
            spread = "not measured on both sides"
        elif min(counts) < 2:
            spread = "one run on a side: no spread to judge by"
        elif b_lo > a_hi:
            spread = "every B run above every A run"
        elif b_hi < a_lo:
            spread = "every B run below every A run"
        else:
            spread = "ranges overlap: not a change these runs can show"
        verdicts.append(f"- {cell}: B/A {fmt(change, 3)} ({spread})")
    print()
    print("\n".join(verdicts))
    if missing:
        print()
        print("runs that did not finish (left out): " + ", ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
