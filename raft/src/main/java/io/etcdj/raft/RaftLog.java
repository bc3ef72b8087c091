package io.etcdj.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The log as Raft sees it: the persisted part in {@link Storage} followed by the {@link Unstable} tail. Tracks
 * {@code committed} (known to be on a quorum) and {@code applied} (handed to the caller and advanced past).
 * Invariant: {@code applied <= committed <= lastIndex()}; a violation throws {@link IllegalStateException}.
 */
final class RaftLog {
    final Storage storage;
    final Unstable unstable;
    long committed;
    long applied;
    private final long maxNextEntsBytes;

    RaftLog(Storage storage, long maxNextEntsBytes) {
        this.storage = storage;
        this.maxNextEntsBytes = maxNextEntsBytes;
        long first = storage.firstIndex();
        this.unstable = new Unstable(storage.lastIndex() + 1);
        this.committed = first - 1;
        this.applied = first - 1;
    }

    long firstIndex() {
        long i = unstable.maybeFirstIndex();
        return i != Unstable.NONE ? i : storage.firstIndex();
    }

    long lastIndex() {
        long i = unstable.maybeLastIndex();
        return i != Unstable.NONE ? i : storage.lastIndex();
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /**
     * @throws StorageException.CompactedException below firstIndex()-1
     * @throws StorageException.UnavailableException above lastIndex()
     */
    long term(long i) {
        long dummy = firstIndex() - 1;
        if (i < dummy) {
            throw new StorageException.CompactedException(i, dummy + 1);
        }
        if (i > lastIndex()) {
            throw new StorageException.UnavailableException(i, lastIndex());
        }
        long t = unstable.maybeTerm(i);
        return t != Unstable.NONE ? t : storage.term(i);
    }

    /** The term of entry i, or 0 if it is compacted or beyond the end. */
    long termOrZero(long i) {
        try {
            return term(i);
        } catch (StorageException e) {
            return 0;
        }
    }

    boolean matchTerm(long i, long t) {
        try {
            return term(i) == t;
        } catch (StorageException e) {
            return false;
        }
    }

    /** §5.4.1: a candidate's log is at least as up-to-date as ours. */
    boolean isUpToDate(long lastIdx, long lastTrm) {
        long myTerm = lastTerm();
        return lastTrm > myTerm || (lastTrm == myTerm && lastIdx >= lastIndex());
    }

    /**
     * The follower side of AppendEntries (§5.3): if our entry at {@code index} has {@code logTerm}, append
     * {@code ents} (replacing conflicting entries), move commit, and return the last new index; else -1.
     */
    long maybeAppend(long index, long logTerm, long leaderCommit, List<Entry> ents) {
        if (!matchTerm(index, logTerm)) {
            return -1;
        }
        long lastNew = index + ents.size();
        long ci = findConflict(ents);
        if (ci != 0) {
            if (ci <= committed) {
                throw new IllegalStateException(
                        "entry " + ci + " conflicts with committed entry [committed(" + committed + ")]");
            }
            append(ents.subList((int) (ci - (index + 1)), ents.size()));
        }
        commitTo(Math.min(leaderCommit, lastNew));
        return lastNew;
    }

    /** The index of the first entry that is new or conflicts with ours, or 0 if we hold them all. */
    long findConflict(List<Entry> ents) {
        for (Entry e : ents) {
            if (!matchTerm(e.index(), e.term())) {
                return e.index();
            }
        }
        return 0;
    }

    /**
     * The largest index at or below {@code index} whose term is at most {@code term}: the leader and follower
     * use it to skip a whole term of mismatching entries per round trip instead of one entry.
     */
    long findConflictByTerm(long index, long term) {
        for (; index > 0; index--) {
            long t;
            try {
                t = term(index);
            } catch (StorageException e) {
                return index;
            }
            if (t <= term) {
                return index;
            }
        }
        return 0;
    }

    long append(List<Entry> ents) {
        if (ents.isEmpty()) {
            return lastIndex();
        }
        long after = ents.get(0).index() - 1;
        if (after < committed) {
            throw new IllegalStateException("after(" + after + ") is out of range [committed(" + committed + ")]");
        }
        unstable.truncateAndAppend(ents);
        return lastIndex();
    }

    void commitTo(long toCommit) {
        if (committed < toCommit) {
            if (lastIndex() < toCommit) {
                throw new IllegalStateException(
                        "tocommit(" + toCommit + ") is out of range [lastIndex(" + lastIndex() + ")]");
            }
            committed = toCommit;
        }
    }

    /** §5.4.2: only an entry of the leader's current term is committed by counting replicas. */
    boolean maybeCommit(long maxIndex, long term) {
        if (maxIndex > committed && termOrZero(maxIndex) == term) {
            commitTo(maxIndex);
            return true;
        }
        return false;
    }

    void appliedTo(long i) {
        if (i == 0) {
            return;
        }
        if (committed < i || i < applied) {
            throw new IllegalStateException(
                    "applied(" + i + ") is out of range [prevApplied(" + applied + "), committed(" + committed + ")]");
        }
        applied = i;
    }

    List<Entry> unstableEntries() {
        return List.copyOf(unstable.entries);
    }

    boolean hasNextCommittedEnts() {
        return committed + 1 > Math.max(applied + 1, firstIndex());
    }

    List<Entry> nextCommittedEnts() {
        long off = Math.max(applied + 1, firstIndex());
        if (committed + 1 > off) {
            return slice(off, committed + 1, maxNextEntsBytes);
        }
        return List.of();
    }

    Snapshot snapshot() {
        return unstable.snapshot != null ? unstable.snapshot : storage.snapshot();
    }

    /** Entries from i to the end, at most maxSizeBytes (at least one). */
    List<Entry> entries(long i, long maxSizeBytes) {
        if (i > lastIndex()) {
            return List.of();
        }
        return slice(i, lastIndex() + 1, maxSizeBytes);
    }

    List<Entry> slice(long lo, long hi, long maxSizeBytes) {
        if (lo > hi) {
            throw new IllegalStateException("invalid slice " + lo + " > " + hi);
        }
        long first = firstIndex();
        if (lo < first) {
            throw new StorageException.CompactedException(lo, first);
        }
        if (hi > lastIndex() + 1) {
            throw new IllegalStateException(
                    "slice[" + lo + "," + hi + ") out of bound [" + first + "," + lastIndex() + "]");
        }
        if (lo == hi) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        if (lo < unstable.offset) {
            List<Entry> stored = storage.entries(lo, Math.min(hi, unstable.offset), maxSizeBytes);
            if (stored.size() < Math.min(hi, unstable.offset) - lo) {
                return stored; // size-limited
            }
            out.addAll(stored);
        }
        if (hi > unstable.offset) {
            out.addAll(unstable.slice(Math.max(lo, unstable.offset), hi));
        }
        return MemoryStorage.limitSize(out, maxSizeBytes);
    }

    void restore(Snapshot s) {
        committed = s.index();
        unstable.restore(s);
    }
}
