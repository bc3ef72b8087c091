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
import io.etcdj.raft.Storage;
import io.etcdj.server.wal.ChunkedBytes;
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
    private final DiskBackedStorage raftView;
    private final boolean startedFromSnapshot;
    private final boolean fresh;
    private final VoteHoldFile voteHold;
    /** The snapshot read at open until the store has taken it: see {@link #takeRecoveredImage}. */
    private SnapshotImage recoveredImage;
    /** Where fsync and snapshot durations go (metrics); set once by node before the Raft thread starts. */
    private volatile Timings timings = Timings.NONE;
    /** The newest snapshot file saved but not yet recorded in the WAL (null if none): see {@link #releaseCompacted}. */
    private volatile SnapshotMetadata savedSnapshot;

    private RaftStorage(
            Wal wal,
            SnapshotFiles snapshots,
            MemoryStorage memory,
            SnapshotImage recoveredImage,
            boolean fresh,
            VoteHoldFile voteHold) {
        this.wal = wal;
        this.voteHold = voteHold;
        this.snapshots = snapshots;
        this.memory = memory;
        this.raftView = new DiskBackedStorage(memory, snapshots);
        this.recoveredImage = recoveredImage;
        this.startedFromSnapshot = recoveredImage != null;
        this.fresh = fresh;
        if (startedFromSnapshot) {
            raftView.fileSaved(memory.snapshot().index());
        }
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
            // The data stays in its file (the store gets the image; Raft reads the file if a follower needs it).
            memory.applySnapshot(DiskBackedStorage.withoutData(
                    new SnapshotMetadata(snapshotIndex, snapshotTerm, image.confState())));
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
        return new RaftStorage(wal, snapshots, memory, image, fresh, new VoteHoldFile(dataDir));
    }

    /** True when this data dir had no log and no snapshot. */
    public boolean isFresh() {
        return fresh;
    }

    /** Whether this member holds its votes until it has caught up with a leader, kept across restarts. */
    public VoteHoldFile voteHold() {
        return voteHold;
    }

    /** The log as kept in memory: entries, hard state, the newest snapshot's metadata (not its data). */
    public MemoryStorage memory() {
        return memory;
    }

    /** What Raft reads: {@link #memory()}, with the newest snapshot's data read from its file when needed. */
    public Storage raftView() {
        return raftView;
    }

    /** True if open found a snapshot: the store starts from its image. */
    public boolean startedFromSnapshot() {
        return startedFromSnapshot;
    }

    /**
     * The snapshot image read at open (null without one, or once taken): the store starts from it. Handed out once
     * and then dropped here, so that the image (the size of the store) is not kept for the life of the process.
     */
    public synchronized SnapshotImage takeRecoveredImage() {
        SnapshotImage image = recoveredImage;
        recoveredImage = null;
        return image;
    }

    /** Step 1 of handling a Ready: snapshot, entries and hard state made durable (one fsync when needed). */
    public void persist(Ready rd) throws IOException {
        Snapshot snap = rd.snapshot();
        if (snap != null) {
            // The log's marker first: a crash before the file is written leaves a marker replay can ignore, never a
            // snapshot file the log does not know about (indistinguishable from a log that was cut back).
            wal.snapshotInstalled(snap.index(), snap.term());
            saveTimed(snap.metadata(), ChunkedBytes.of(snap.data()));
            memory.applySnapshot(DiskBackedStorage.withoutData(snap.metadata()));
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
     * it to a follower once the caller has written its file with {@link #saveSnapshotFile}; the entries before
     * {@code index - keepEntries} are dropped from memory.
     */
    public SnapshotMetadata createSnapshot(long index, ConfState confState, long keepEntries) {
        SnapshotMetadata snap = memory.createSnapshot(index, confState, null).metadata();
        long compactTo = index - keepEntries;
        if (compactTo > memory.firstIndex()) {
            memory.compact(compactTo);
        }
        return snap;
    }

    /** Writes a snapshot file (any thread), then lets the Raft thread record it in the WAL and drop what it covers. */
    public void saveSnapshotFile(SnapshotMetadata snap, ChunkedBytes image) throws IOException {
        saveTimed(snap, image);
        savedSnapshot = snap;
    }

    /**
     * Writes the file of a snapshot already recorded (any thread): its old file could not be read. The WAL already
     * records the snapshot, so only the file and Raft's view of it change.
     */
    public void rewriteSnapshotFile(SnapshotMetadata snap, ChunkedBytes image) throws IOException {
        saveTimed(snap, image);
    }

    /**
     * The index of a snapshot whose file was found unreadable since the last call, or 0 (apply thread: it writes a
     * new one, see {@link StoreSnapshots#replaceUnreadable}).
     */
    long takeUnreadableSnapshot() {
        return raftView.takeUnreadable();
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

    private void saveTimed(SnapshotMetadata snap, ChunkedBytes image) throws IOException {
        long start = System.nanoTime();
        snapshots.save(snap.index(), snap.term(), image);
        timings.snapshotSaved(System.nanoTime() - start);
        raftView.fileSaved(snap.index());
    }

    void observeTimings(Timings timings) {
        this.timings = timings;
    }

    @Override
    public void close() throws IOException {
        wal.close();
    }
}
