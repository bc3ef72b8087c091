package io.etcdj.server.cluster;

import io.etcdj.raft.ConfState;
import io.etcdj.raft.Entry;
import io.etcdj.raft.EntryType;
import io.etcdj.raft.HardState;
import io.etcdj.raft.MemberIds;
import io.etcdj.raft.MemoryStorage;
import io.etcdj.raft.Ready;
import io.etcdj.raft.Snapshot;
import io.etcdj.raft.SnapshotMetadata;
import io.etcdj.server.wal.LogEntry;
import io.etcdj.server.wal.SnapshotFiles;
import io.etcdj.server.wal.Wal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft log on disk and in memory: the WAL and snapshot files are the durable copy, a {@link MemoryStorage} the
 * copy Raft reads. Everything Raft hands out in a {@link Ready} is written here before it is acted on.
 * {@link #persist} is called by the Raft thread only; snapshots may be recorded from the apply thread.
 */
public final class RaftStorage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftStorage.class);
    /** The one-member log of etcdj's first builds: commands without a request id, no membership entries. */
    static final int TYPE_LEGACY_COMMAND = 0;

    static final int TYPE_CONF_CHANGE = 1;
    static final int TYPE_NORMAL = 2;

    private final Wal wal;
    private final SnapshotFiles snapshots;
    private final MemoryStorage memory;
    private final SnapshotImage recoveredImage;
    private final boolean fresh;
    /** Where fsync and snapshot durations go (metrics); set once by node before the Raft thread starts. */
    private volatile Timings timings = Timings.NONE;
    /** The newest snapshot file saved but not yet recorded in the WAL (null if none): see {@link #releaseCompacted}. */
    private volatile SnapshotMetadata savedSnapshot;

    private RaftStorage(
            Wal wal, SnapshotFiles snapshots, MemoryStorage memory, SnapshotImage recoveredImage, boolean fresh) {
        this.wal = wal;
        this.snapshots = snapshots;
        this.memory = memory;
        this.recoveredImage = recoveredImage;
        this.fresh = fresh;
    }

    /**
     * Loads the newest valid snapshot and the log after it; refuses (naming file and offset) a damaged log, or one
     * that ends before what was acknowledged (the snapshot's index, the last hard state's commit index).
     */
    public static RaftStorage open(Path dataDir) throws IOException {
        SnapshotFiles snapshots = new SnapshotFiles(dataDir.resolve("snap"));
        Optional<io.etcdj.server.wal.Snapshot> file = snapshots.loadNewest();
        MemoryStorage memory = new MemoryStorage();
        SnapshotImage image = null;
        long snapshotIndex = 0;
        long snapshotTerm = 0;
        if (file.isPresent()) {
            snapshotIndex = file.get().index();
            snapshotTerm = file.get().term();
            try {
                image = SnapshotImage.decode(file.get().data());
            } catch (IllegalArgumentException e) {
                throw new IOException("snapshot at index " + snapshotIndex + " in " + dataDir.resolve("snap")
                        + " cannot be read: " + e.getMessage()
                        + " (written by an older version? start with -f to discard this data dir's log)");
            }
            memory.applySnapshot(new Snapshot(
                    new SnapshotMetadata(snapshotIndex, snapshotTerm, image.confState()),
                    file.get().data()));
            LOG.info(
                    "loaded snapshot at index {} (term {}), members {}",
                    snapshotIndex,
                    snapshotTerm,
                    image.confState().voters().stream().map(MemberIds::hex).toList());
        }
        Wal wal = Wal.open(dataDir.resolve("wal"), snapshotIndex, snapshotTerm);
        List<Entry> entries = new ArrayList<>(wal.recoveredEntries().size());
        for (LogEntry e : wal.recoveredEntries()) {
            if (e.type() == TYPE_LEGACY_COMMAND) {
                wal.close();
                throw new IOException("the log in " + dataDir.resolve("wal") + " was written by an earlier etcdj"
                        + " (a one-member log without membership entries, entry " + e.index() + "); this build cannot"
                        + " replay it: start with -f to discard this data dir's log, or use a new -data-dir");
            }
            entries.add(new Entry(
                    e.term(),
                    e.index(),
                    e.type() == TYPE_CONF_CHANGE ? EntryType.CONF_CHANGE : EntryType.NORMAL,
                    e.data()));
        }
        memory.append(entries);
        io.etcdj.server.wal.HardState hs = wal.recoveredHardState();
        long lastIndex = entries.isEmpty()
                ? snapshotIndex
                : entries.get(entries.size() - 1).index();
        // A snapshot is committed by definition; the hard state written after it may not have reached the disk. The
        // WAL refused to open if the commit index is above the last entry (acknowledged entries would be missing).
        long commit = Math.max(hs.commit(), snapshotIndex);
        memory.setHardState(new HardState(Math.max(hs.term(), snapshotTerm), hs.vote(), commit));
        boolean fresh = lastIndex == 0 && hs.term() == 0;
        return new RaftStorage(wal, snapshots, memory, image, fresh);
    }

    /** True when this data dir had no log and no snapshot. */
    public boolean isFresh() {
        return fresh;
    }

    /** What Raft reads. */
    public MemoryStorage memory() {
        return memory;
    }

    /** The snapshot loaded at open (null without one): the store starts from it. */
    public SnapshotImage recoveredImage() {
        return recoveredImage;
    }

    /** Step 1 of handling a Ready: snapshot, entries and hard state made durable (one fsync when needed). */
    public void persist(Ready rd) throws IOException {
        Snapshot snap = rd.snapshot();
        if (snap != null) {
            // The log's marker first: a crash before the file is written leaves a marker replay can ignore, never a
            // snapshot file the log does not know about (indistinguishable from a log that was cut back).
            wal.snapshotInstalled(snap.index(), snap.term());
            saveTimed(snap);
            memory.applySnapshot(snap);
        }
        HardState hs = rd.hardState();
        if (!rd.entries().isEmpty() || hs != null) {
            List<LogEntry> entries = new ArrayList<>(rd.entries().size());
            for (Entry e : rd.entries()) {
                entries.add(new LogEntry(
                        e.term(),
                        e.index(),
                        e.type() == EntryType.CONF_CHANGE ? TYPE_CONF_CHANGE : TYPE_NORMAL,
                        e.data()));
            }
            wal.append(
                    entries, hs == null ? null : new io.etcdj.server.wal.HardState(hs.term(), hs.vote(), hs.commit()));
            if (rd.mustSync()) {
                long start = System.nanoTime();
                wal.sync();
                timings.walFsynced(System.nanoTime() - start);
            }
        }
        memory.append(rd.entries());
        if (hs != null) {
            memory.setHardState(hs);
        }
    }

    /**
     * Records a snapshot of the store at applied index {@code index} (called from the apply thread): Raft can send
     * it to a follower at once; the entries before {@code index - keepEntries} are dropped from memory; the file is
     * written by the caller with {@link #saveSnapshotFile}.
     */
    public Snapshot createSnapshot(long index, ConfState confState, byte[] imageBytes, long keepEntries) {
        Snapshot snap = memory.createSnapshot(index, confState, imageBytes);
        long compactTo = index - keepEntries;
        if (compactTo > memory.firstIndex()) {
            memory.compact(compactTo);
        }
        return snap;
    }

    /** Writes a snapshot file (any thread), then lets the Raft thread record it in the WAL and drop what it covers. */
    public void saveSnapshotFile(Snapshot snap) throws IOException {
        saveTimed(snap);
        savedSnapshot = snap.metadata();
    }

    /**
     * Raft thread: records the newest saved snapshot in the WAL; the WAL segments it made redundant are deleted
     * once that record is durable (the next fsync, so no extra one here), and it stays in the kept segments.
     */
    public void releaseCompacted() throws IOException {
        SnapshotMetadata saved = savedSnapshot;
        if (saved != null) {
            savedSnapshot = null;
            wal.snapshotSaved(saved.index(), saved.term());
        }
    }

    private void saveTimed(Snapshot snap) throws IOException {
        long start = System.nanoTime();
        snapshots.save(new io.etcdj.server.wal.Snapshot(snap.index(), snap.term(), snap.data()));
        timings.snapshotSaved(System.nanoTime() - start);
    }

    void observeTimings(Timings timings) {
        this.timings = timings;
    }

    @Override
    public void close() throws IOException {
        wal.close();
    }
}
