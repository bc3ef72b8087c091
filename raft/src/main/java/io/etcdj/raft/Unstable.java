package io.etcdj.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * Entries and a snapshot not yet persisted by the caller. {@code entries.get(i)} has index {@code offset + i}.
 * It is emptied by {@link #stableTo}/{@link #stableSnapTo} once the caller reports them persisted. Its size is
 * bounded by the leader's uncommitted-bytes limit and, on followers, by the leader's inflight window.
 */
final class Unstable {
    static final long NONE = -1;

    Snapshot snapshot;
    List<Entry> entries = new ArrayList<>();
    long offset;

    Unstable(long offset) {
        this.offset = offset;
    }

    /** The first index if a snapshot is pending, else {@link #NONE}. */
    long maybeFirstIndex() {
        return snapshot != null ? snapshot.index() + 1 : NONE;
    }

    long maybeLastIndex() {
        if (!entries.isEmpty()) {
            return offset + entries.size() - 1;
        }
        return snapshot != null ? snapshot.index() : NONE;
    }

    long maybeTerm(long i) {
        if (i < offset) {
            return snapshot != null && snapshot.index() == i ? snapshot.term() : NONE;
        }
        long last = maybeLastIndex();
        if (last == NONE || i > last) {
            return NONE;
        }
        return entries.get((int) (i - offset)).term();
    }

    /** Entries up to (i, t) were persisted; drop them unless they were replaced meanwhile (term differs). */
    void stableTo(long i, long t) {
        long gt = maybeTerm(i);
        if (gt == NONE || gt != t || i < offset) {
            return;
        }
        entries = new ArrayList<>(entries.subList((int) (i + 1 - offset), entries.size()));
        offset = i + 1;
    }

    void stableSnapTo(long i) {
        if (snapshot != null && snapshot.index() == i) {
            snapshot = null;
        }
    }

    void restore(Snapshot s) {
        offset = s.index() + 1;
        entries = new ArrayList<>();
        snapshot = s;
    }

    void truncateAndAppend(List<Entry> ents) {
        long after = ents.get(0).index();
        if (after == offset + entries.size()) {
            entries.addAll(ents);
        } else if (after <= offset) {
            offset = after;
            entries = new ArrayList<>(ents);
        } else {
            List<Entry> kept = new ArrayList<>(entries.subList(0, (int) (after - offset)));
            kept.addAll(ents);
            entries = kept;
        }
    }

    List<Entry> slice(long lo, long hi) {
        long upper = offset + entries.size();
        if (lo > hi || lo < offset || hi > upper) {
            throw new IllegalStateException(
                    "unstable.slice[" + lo + "," + hi + ") out of bound [" + offset + "," + upper + "]");
        }
        return entries.subList((int) (lo - offset), (int) (hi - offset));
    }
}
