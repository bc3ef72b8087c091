package io.etcdj.faults.run;

import java.util.List;

/**
 * What one run measured. {@code lost} counts acknowledged writes missing afterwards (set elements, in-order keys);
 * {@code violations} lists every failed check (non-linearizable keys, lost or resurrected writes, watch gaps, a
 * failing disk that did not stop the member, a cluster that did not recover), each in words.
 */
public record RunResult(
        RunOptions options,
        long ops,
        long ok,
        long fail,
        long info,
        long lost,
        List<String> violations,
        int unknownKeys,
        int faults,
        long maxUnavailableMs,
        long recoverMs) {
    public boolean passed() {
        return violations.isEmpty() && lost == 0;
    }

    /** The one-line summary a run prints last. */
    public String summary() {
        return "nodes=" + options.nodes() + " nemesis="
                + (options.nemeses().isEmpty() ? "none" : String.join(",", options.nemeses()))
                + (options.peerTls() ? " tls=on" : "") + " time=" + options.timeSeconds() + "s seed=" + options.seed()
                + " faults=" + faults + " ops=" + ops + " ok=" + ok + " fail=" + fail + " info=" + info + " lost="
                + lost
                + " violations=" + violations.size() + " unknown_keys=" + unknownKeys + " max_unavailable_s="
                + String.format("%.1f", maxUnavailableMs / 1000.0) + " recover_s="
                + (recoverMs < 0 ? "never" : String.format("%.1f", recoverMs / 1000.0));
    }
}
