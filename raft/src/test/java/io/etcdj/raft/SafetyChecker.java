package io.etcdj.raft;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Raft safety properties (paper Figure 3), checked by the simulation after every step. Each check throws
 * {@link AssertionError} with the evidence. State is bounded by the length of one schedule.
 */
final class SafetyChecker {
    /** Election safety: term -> the one leader ever seen in it. */
    private final Map<Long, Long> leaderOfTerm = new HashMap<>();
    /** State-machine safety: index -> the entry some node applied there (so it was committed). */
    private final Map<Long, Entry> appliedAt = new HashMap<>();

    private long maxApplied;

    /** Records that {@code id} is leader in {@code term}; on first sight also checks leader completeness. */
    void observeLeader(long id, long term, RaftLog log) {
        Long prev = leaderOfTerm.putIfAbsent(term, id);
        if (prev == null) {
            checkLeaderCompleteness(id, term, log);
        } else if (prev != id) {
            throw new AssertionError("election safety: term " + term + " has two leaders, " + prev + " and " + id);
        }
    }

    /** Leader completeness: a new leader's log holds every entry committed (applied anywhere) so far. */
    private void checkLeaderCompleteness(long id, long term, RaftLog log) {
        if (log.lastIndex() < maxApplied) {
            throw new AssertionError("leader completeness: leader " + id + " of term " + term + " has last index "
                    + log.lastIndex() + " but index " + maxApplied + " was applied");
        }
        for (long i = Math.max(1, log.firstIndex()); i <= maxApplied; i++) {
            Entry committed = appliedAt.get(i);
            if (committed != null && log.termOrZero(i) != committed.term()) {
                throw new AssertionError("leader completeness: leader " + id + " of term " + term + " has term "
                        + log.termOrZero(i) + " at " + i + " where committed entry is " + committed);
            }
        }
    }

    /** State-machine safety: nobody applies a different entry at an index. Also: applies are in order. */
    void observeApply(long id, long lastApplied, Entry e) {
        if (e.index() != lastApplied + 1) {
            throw new AssertionError("node " + id + " applied " + e.index() + " after " + lastApplied);
        }
        Entry prev = appliedAt.putIfAbsent(e.index(), e);
        if (prev != null && !sameEntry(prev, e)) {
            throw new AssertionError("state machine safety: node " + id + " applied " + e + " at " + e.index()
                    + " but another node applied " + prev);
        }
        maxApplied = Math.max(maxApplied, e.index());
    }

    /** A snapshot covers entries that were committed; its term must agree with what was applied there. */
    void observeSnapshot(long id, Snapshot s) {
        Entry e = appliedAt.get(s.index());
        if (e != null && e.term() != s.term()) {
            throw new AssertionError("node " + id + " installed snapshot " + s + " but committed entry is " + e);
        }
    }

    /**
     * Log matching: if two persisted logs hold an entry with the same index and term, they are identical up to it.
     * Called when node {@code a} appended entries up to {@code upTo}; compares it to every other node.
     */
    void checkLogMatching(long a, MemoryStorage la, long upTo, Map<Long, MemoryStorage> all) {
        for (Map.Entry<Long, MemoryStorage> other : all.entrySet()) {
            if (other.getKey() == a) {
                continue;
            }
            MemoryStorage lb = other.getValue();
            long first = Math.max(la.firstIndex(), lb.firstIndex());
            long hi = Math.min(upTo, Math.min(la.lastIndex(), lb.lastIndex()));
            long i = hi;
            while (i >= first && la.term(i) != lb.term(i)) {
                i--;
            }
            if (i < first) {
                continue;
            }
            List<Entry> ea = la.entries(first, i + 1, Long.MAX_VALUE);
            List<Entry> eb = lb.entries(first, i + 1, Long.MAX_VALUE);
            for (int k = 0; k < ea.size(); k++) {
                if (!sameEntry(ea.get(k), eb.get(k))) {
                    throw new AssertionError("log matching: nodes " + a + " and " + other.getKey() + " agree at "
                            + i + " (term " + la.term(i) + ") but differ at "
                            + ea.get(k).index() + ": " + ea.get(k)
                            + " vs " + eb.get(k));
                }
            }
        }
    }

    int leaders() {
        return leaderOfTerm.size();
    }

    static final int MAX_PENDING_READS = 256;
    /** Read request id -> highest index committed when it was requested; bounded. */
    private final Map<Long, Long> pendingReads = new HashMap<>();

    boolean canTrackRead() {
        return pendingReads.size() < MAX_PENDING_READS;
    }

    void readRequested(long id) {
        pendingReads.put(id, maxApplied);
    }

    /**
     * Linearizability: a read index covers every entry committed before the read was requested. Returns 1 if
     * this was the first answer to the request (duplicates and requests lost in a crash are not counted).
     */
    int checkRead(long node, long id, long index) {
        Long committedBefore = pendingReads.remove(id);
        if (committedBefore == null) {
            return 0;
        }
        if (index < committedBefore) {
            throw new AssertionError("linearizability: node " + node + " got read index " + index + " but index "
                    + committedBefore + " was committed before the read was requested");
        }
        return 1;
    }

    long maxApplied() {
        return maxApplied;
    }

    static boolean sameEntry(Entry x, Entry y) {
        return x.term() == y.term()
                && x.index() == y.index()
                && x.type() == y.type()
                && Arrays.equals(x.data(), y.data());
    }
}
