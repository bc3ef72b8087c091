package io.etcdj.server.wal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the Raft log from records in the order they were written. A record for an index that
 * is already present replaces it and drops everything after it, because Raft only rewrites an
 * index when a new leader's log conflicts with ours, and then our later entries are invalid too.
 * Entries at or below the snapshot index are not kept.
 *
 * <p>Besides the entries it tracks how far the log is known to have reached ({@link #reached}): the highest entry
 * index or snapshot marker seen. A log that never reached the snapshot it must continue from was cut back.
 */
final class LogReplay {
    private final long snapshotIndex;
    private final ArrayList<LogEntry> entries = new ArrayList<>();
    private long last = -1; // index of the last entry seen; -1 before the first
    private long reached = -1;
    private HardState hardState = HardState.EMPTY;
    private Path hardStateFile;
    private long hardStateOffset;
    private Unbacked unbacked;

    /** A SNAPSHOT_INSTALLED marker above the snapshot we start from: its file never made it to disk (or was lost). */
    private record Unbacked(long index, Path file, long offset) {}

    LogReplay(long snapshotIndex) {
        this.snapshotIndex = snapshotIndex;
    }

    void entry(LogEntry e, Path file, long offset) throws WalCorruptionException {
        checkNotAfterUnbacked(file, offset);
        long i = e.index();
        // A jump is harmless while the snapshot covers the skipped indexes (a node whose log was
        // behind a snapshot it installed continues right after the snapshot).
        long allowed = Math.max(last + 1, snapshotIndex + 1);
        if (i > allowed) {
            throw new WalCorruptionException(
                    file,
                    offset,
                    "entry index " + i + " leaves a gap: expected at most "
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
        reached = Math.max(reached, i);
    }

    void hardState(HardState hs, Path file, long offset) throws WalCorruptionException {
        checkNotAfterUnbacked(file, offset);
        hardState = hs;
        hardStateFile = file;
        hardStateOffset = offset;
    }

    /** A SNAPSHOT marker: a snapshot file at index was durable, so the log had reached index. */
    void snapshotSaved(long index) {
        reached = Math.max(reached, index);
    }

    /**
     * A SNAPSHOT_INSTALLED marker: the log was replaced by a leader's snapshot at index. The marker is made durable
     * before the snapshot file is written, so a crash in between leaves a marker whose file is missing; nothing
     * after it was written or acknowledged then, and it is ignored (see {@link #unbackedInstall}).
     */
    void snapshotInstalled(long index, Path file, long offset) {
        if (index > snapshotIndex) {
            unbacked = new Unbacked(index, file, offset);
            return;
        }
        entries.clear(); // everything after the snapshot we start from came before the install: void
        last = index;
        reached = Math.max(reached, index);
    }

    private void checkNotAfterUnbacked(Path file, long offset) throws WalCorruptionException {
        if (unbacked != null) {
            throw new WalCorruptionException(
                    unbacked.file,
                    unbacked.offset,
                    "the log continues (at " + file
                            + " offset " + offset + ") after a snapshot from the leader at index " + unbacked.index
                            + ", but there is no valid snapshot file at or after that index (newest valid: "
                            + snapshotIndex + "): it is missing or damaged");
        }
    }

    /** Index of a SNAPSHOT_INSTALLED marker at the very end of the log whose file is missing, or -1. */
    long unbackedInstall() {
        return unbacked == null ? -1 : unbacked.index;
    }

    Path unbackedFile() {
        return unbacked.file;
    }

    long unbackedOffset() {
        return unbacked.offset;
    }

    List<LogEntry> entries() {
        return entries;
    }

    HardState hardState() {
        return hardState;
    }

    /** Segment holding the last hard state record, or null if none was read. */
    Path hardStateFile() {
        return hardStateFile;
    }

    long hardStateOffset() {
        return hardStateOffset;
    }

    /** Highest index the log is known to have reached: an entry, or a snapshot marker; -1 if nothing. */
    long reached() {
        return reached;
    }

    /** Index the next appended entry follows. */
    long lastIndex() {
        return Math.max(last, snapshotIndex);
    }
}
