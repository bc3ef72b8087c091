package io.etcdj.server.wal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the Raft log from records in the order they were written. A record for an index that
 * is already present replaces it and drops everything after it, because Raft only rewrites an
 * index when a new leader's log conflicts with ours, and then our later entries are invalid too.
 * Entries at or below the snapshot index are not kept.
 */
final class LogReplay {
    private final long snapshotIndex;
    private final ArrayList<LogEntry> entries = new ArrayList<>();
    private long last = -1; // index of the last entry seen; -1 before the first
    private HardState hardState = HardState.EMPTY;

    LogReplay(long snapshotIndex) {
        this.snapshotIndex = snapshotIndex;
    }

    void entry(LogEntry e, Path file, long offset) throws WalCorruptionException {
        long i = e.index();
        // A jump is harmless while the snapshot covers the skipped indexes (a node whose log was
        // behind a snapshot it installed continues right after the snapshot).
        long allowed = Math.max(last + 1, snapshotIndex + 1);
        if (i > allowed) {
            throw new WalCorruptionException(file, offset, "entry index " + i + " leaves a gap: expected at most "
                    + allowed + " (previous entry " + (last < 0 ? "none" : last) + ", snapshot index "
                    + snapshotIndex + ")");
        }
        if (i <= snapshotIndex) {
            entries.clear();
        } else {
            int keep = (int) (i - snapshotIndex - 1);
            if (keep < entries.size()) {
                entries.subList(keep, entries.size()).clear();
            }
            entries.add(e);
        }
        last = i;
    }

    void hardState(HardState hs) {
        hardState = hs;
    }

    List<LogEntry> entries() {
        return entries;
    }

    HardState hardState() {
        return hardState;
    }

    /** Index the next appended entry follows. */
    long lastIndex() {
        return Math.max(last, snapshotIndex);
    }
}
