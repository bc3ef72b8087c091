package io.etcdj.faults.workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * When operations succeeded, across every client: the longest stretch without one is how long the cluster was
 * unavailable, and the first success after the last heal is how long it took to recover. Bounded: one long per
 * successful operation of a run (a few hundred thousand at most in a 300 s run).
 */
public final class Availability {
    private static final int MAX_SAMPLES = 5_000_000;
    private final List<Long> okNanos = new ArrayList<>();

    public synchronized void ok(long completedNanos) {
        if (okNanos.size() < MAX_SAMPLES) {
            okNanos.add(completedNanos);
        }
    }

    public synchronized long okCount() {
        return okNanos.size();
    }

    /** The longest time between two successes (or from {@code fromNanos} to the first, or the last to {@code toNanos}). */
    public synchronized long longestGapNanos(long fromNanos, long toNanos) {
        List<Long> sorted = new ArrayList<>(okNanos);
        Collections.sort(sorted);
        long previous = fromNanos;
        long longest = 0;
        for (long t : sorted) {
            if (t < fromNanos || t > toNanos) {
                continue;
            }
            longest = Math.max(longest, t - previous);
            previous = t;
        }
        return Math.max(longest, toNanos - previous);
    }

    /** Nanoseconds from {@code sinceNanos} to the first success after it; -1 if there was none. */
    public synchronized long firstOkAfter(long sinceNanos) {
        long first = Long.MAX_VALUE;
        for (long t : okNanos) {
            if (t >= sinceNanos && t < first) {
                first = t;
            }
        }
        return first == Long.MAX_VALUE ? -1 : first - sinceNanos;
    }
}
