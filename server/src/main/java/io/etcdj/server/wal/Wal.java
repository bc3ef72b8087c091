package io.etcdj.server.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft log and hard state on disk: a directory of preallocated segment files (see
 * {@link Segment}) holding records (see {@link RecordCodec}).
 *
 * <p>One thread calls append and sync. append encodes a whole batch into one reusable direct
 * buffer and issues one positional write; sync is a single fdatasync covering all of them, so
 * the caller can group-commit, followed by a small SYNCED record write (no fsync) that proves the
 * batch was synced even when nothing follows it. Every new segment starts with the newest snapshot
 * marker and the current hard state, so deleting older segments never loses them.
 */
public final class Wal implements AutoCloseable {
    /** Segment capacity in production; tests pass a small one. */
    public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
    /** Capacity of the first version-2 segment an old log gets on open. */
    private static final long UPGRADE_SEGMENT_BYTES = 1L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(Wal.class);

    private final Path dir;
    private final long segmentSize;
    private final List<Segment> segments; // oldest first; the last one is written
    private final FsyncFaults faults = FsyncFaults.fromSystemProperty();
    private final RecordCodec codec;
    private final SpareSegment spare;
    private List<LogEntry> recoveredEntries;
    private HardState recoveredHardState;
    private ActiveSegment head; // the last segment, written; null only when a rollover failed between two
    private long lastIndex;
    private HardState hardState;
    private long snapshotIndex; // newest snapshot marker written or started from: each segment starts
    private long snapshotTerm; // with it
    private long durableSnapshotIndex; // newest snapshot marker known durable: releases stop there
    private boolean releaseAfterSync; // snapshotSaved asked for a release once its marker is durable
    private boolean failed; // a write or fsync failed: the file state is unknown
    private boolean closed;

    private Wal(Path dir, long segmentSize, List<Segment> segments, RecordCodec codec) {
        this.dir = dir;
        this.codec = codec;
        this.segmentSize = segmentSize;
        this.segments = segments;
        this.spare = new SpareSegment(dir);
    }

    /**
     * Opens (creating if needed) the log in dir that continues from the snapshot at snapshotIndex (of snapshotTerm;
     * 0 and 0 without a snapshot), replays it, erases a torn unsynced tail, and refuses (naming file and offset) a
     * log that is damaged or was cut back behind what was acknowledged (see {@link Recovery}).
     */
    public static Wal open(Path dir, long snapshotIndex, long snapshotTerm) throws IOException {
        return open(dir, snapshotIndex, snapshotTerm, DEFAULT_SEGMENT_SIZE);
    }

    /** As {@link #open(Path, long, long)} with a chosen segment capacity (tests use small ones). */
    public static Wal open(Path dir, long snapshotIndex, long snapshotTerm, long segmentSize) throws IOException {
        return open(dir, snapshotIndex, snapshotTerm, segmentSize, false);
    }

    /**
     * A new, empty log in dir (which must hold no segment) continuing from a snapshot at snapshotIndex that the
     * caller has saved: what a restored backup starts with. Its first segment starts with that snapshot's marker.
     */
    public static Wal create(Path dir, long snapshotIndex, long snapshotTerm, long segmentSize) throws IOException {
        return open(dir, snapshotIndex, snapshotTerm, segmentSize, true);
    }

    private static Wal open(Path dir, long snapshotIndex, long snapshotTerm, long segmentSize, boolean create)
            throws IOException {
        if (segmentSize < Segment.HEADER_SIZE + preambleSize() + RecordCodec.SYNCED_SIZE
                || segmentSize > RecordCodec.MAX_RECORD) {
            throw new IllegalArgumentException("segment size out of range: " + segmentSize);
        }
        OwnerOnly.directory(dir);
        RecordCodec codec = new RecordCodec();
        Recovery found = Recovery.read(dir, create ? 0 : snapshotIndex, codec);
        if (create && !found.segments.isEmpty()) {
            throw new IOException("cannot create a log in " + dir + ": it already holds one");
        }
        LogReplay log = found.log;
        Wal wal = new Wal(dir, segmentSize, found.segments, codec);
        boolean ok = false;
        try {
            wal.recoveredEntries = Collections.unmodifiableList(log.entries());
            wal.recoveredHardState = log.hardState();
            wal.hardState = log.hardState();
            wal.lastIndex = Math.max(log.lastIndex(), snapshotIndex);
            wal.snapshotIndex = snapshotIndex;
            wal.snapshotTerm = snapshotTerm;
            wal.durableSnapshotIndex = snapshotIndex;
            if (found.segments.isEmpty()) {
                wal.startSegment(0, snapshotIndex + 1, 0, segmentSize);
            } else {
                wal.head = ActiveSegment.resume(found.segments.get(found.segments.size() - 1), found.end);
                LOG.info("WAL {}: replayed {} segments, last index {}", dir, found.segments.size(), wal.lastIndex);
                if (wal.segments.get(wal.segments.size() - 1).legacy()) {
                    // From now on segments carry snapshot markers, so a cut-back log is detectable.
                    LOG.info(
                            "WAL {}: upgrading to segment version {} (a new segment; the old ones are released"
                                    + " as usual once snapshots cover them)",
                            dir,
                            Segment.VERSION);
                    // A small one: a full segment of zeros would delay this start by seconds on a busy disk; the
                    // next rollover uses a full-size spare made in the background.
                    wal.rollTo(wal.lastIndex + 1, 0, Math.min(segmentSize, UPGRADE_SEGMENT_BYTES));
                }
            }
            wal.spare.prepare(segmentSize);
            ok = true;
            return wal;
        } finally {
            if (!ok) {
                wal.spare.close();
                if (wal.head != null) {
                    wal.head.close();
                }
            }
        }
    }

    /** Bytes every segment starts with after its header: the newest snapshot marker and the hard state. */
    private static int preambleSize() {
        return RecordCodec.snapshotSize() + RecordCodec.hardStateSize();
    }

    public HardState recoveredHardState() {
        return recoveredHardState;
    }

    /** Entries above the snapshot index as of open, contiguous and in order (not updated by later appends). */
    public List<LogEntry> recoveredEntries() {
        return recoveredEntries;
    }

    /**
     * Writes the entries and then the hard state (either may be absent) with one write call; not
     * durable until {@link #sync}. The entries must be contiguous and start at most one past
     * {@link #lastIndex}; starting at or below it replaces that suffix of the log.
     */
    public void append(List<LogEntry> entries, HardState hardStateOrNull) throws IOException {
        checkUsable();
        checkContiguous(entries);
        long n = RecordCodec.batchSize(entries, hardStateOrNull);
        if (n == 0) {
            return;
        }
        if (n > RecordCodec.MAX_RECORD) {
            throw new IllegalArgumentException("batch of " + n + " bytes is too large");
        }
        try {
            if (!head.fits(n)) {
                rollTo(entries.isEmpty() ? lastIndex + 1 : entries.get(0).index(), n, segmentSize);
            }
            codec.begin((int) n);
            boolean flag = head.synced();
            for (LogEntry e : entries) {
                codec.putEntry(e, flag);
                flag = false;
            }
            if (hardStateOrNull != null) {
                codec.putHardState(hardStateOrNull, flag);
            }
            head.write(codec.finish());
        } catch (IOException | RuntimeException e) {
            failed = true; // a partial write may be on disk; only a reopen can tell what is
            throw e;
        }
        if (hardStateOrNull != null) {
            hardState = hardStateOrNull;
        }
        if (!entries.isEmpty()) {
            lastIndex = entries.get(entries.size() - 1).index();
            Segment current = segments.get(segments.size() - 1);
            current.maxIndex = Math.max(current.maxIndex, lastIndex);
        }
    }

    private void checkContiguous(List<LogEntry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            long index = entries.get(i).index();
            long expected = i == 0 ? index : entries.get(i - 1).index() + 1;
            if (index < 1 || index != expected || (i == 0 && index > lastIndex + 1)) {
                throw new IllegalArgumentException(
                        "entry index " + index + " is not contiguous (last index " + lastIndex + ")");
            }
        }
    }

    /** Makes every append so far durable with one fdatasync; the file size never changes, so no metadata is flushed. */
    public void sync() throws IOException {
        checkUsable();
        if (head.synced()) {
            return;
        }
        try {
            faults.beforeSync();
            head.sync(codec); // the fsync, then the proof that it happened (see ActiveSegment#sync)
            durableSnapshotIndex = snapshotIndex;
        } catch (IOException | RuntimeException e) {
            failed = true; // after a failed fsync the kernel may have dropped the dirty pages: never retry
            throw e;
        }
        if (releaseAfterSync) {
            releaseAfterSync = false;
            try {
                releaseBefore(durableSnapshotIndex + 1);
            } catch (IOException e) { // the log itself is fine; the next snapshot retries
                LOG.warn(
                        "WAL {}: releasing segments covered by the snapshot at index {} failed",
                        dir,
                        durableSnapshotIndex,
                        e);
            }
        }
    }

    /** Last entry index written, or the snapshot index given to open if that is higher. */
    public long lastIndex() {
        return lastIndex;
    }

    /**
     * The log is replaced by a leader's snapshot at {@code index} (a follower that was too far behind): the next
     * entry appended is {@code index + 1}, whatever this log held. Durable on return (one fsync); call it BEFORE
     * writing the snapshot file, so that a crash in between leaves a marker without a file, which replay ignores
     * (nothing after it was acknowledged), rather than a snapshot file the log cannot vouch for.
     */
    public void snapshotInstalled(long index, long term) throws IOException {
        appendMarker(RecordCodec.SNAPSHOT_INSTALLED, index, term);
        sync();
        lastIndex = index;
    }

    /**
     * A snapshot file at {@code index} was saved (durable): records it in the log, durable with the next
     * {@link #sync} (no fsync of its own: this runs on the thread that acknowledges writes), which then releases
     * the segments the snapshot covers. The marker goes into every later segment, so it is never released.
     */
    public void snapshotSaved(long index, long term) throws IOException {
        appendMarker(RecordCodec.SNAPSHOT, index, term);
        releaseAfterSync = true;
    }

    private void appendMarker(byte type, long index, long term) throws IOException {
        checkUsable();
        if (index < 0) {
            throw new IllegalArgumentException("snapshot index " + index);
        }
        int n = RecordCodec.snapshotSize();
        try {
            if (!head.fits(n)) {
                rollTo(lastIndex + 1, n, segmentSize);
            }
            codec.begin(n);
            codec.putSnapshot(type, index, term, head.synced());
            head.write(codec.finish());
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
        if (index > snapshotIndex) {
            snapshotIndex = index;
            snapshotTerm = term;
        }
    }

    /**
     * Deletes the oldest segments all of whose entries are below index; the segment being written stays. Never
     * past the newest durable snapshot marker ({@link #snapshotSaved}): the kept log must reach back to a snapshot
     * it records, or a reopen could not tell it from a log that lost its beginning.
     */
    public void releaseBefore(long index) throws IOException {
        checkUsable();
        long limit = Math.min(index, durableSnapshotIndex + 1);
        boolean deleted = false;
        while (segments.size() > 1 && segments.get(0).maxIndex < limit) {
            Files.delete(segments.remove(0).path);
            deleted = true;
        }
        if (deleted) {
            DurableFiles.fsyncDirectory(dir);
        }
    }

    /** Seals the current segment (fsynced, so sealed segments never hold a torn tail) and starts the next. */
    private void rollTo(long firstIndex, long batchBytes, long targetBytes) throws IOException {
        ActiveSegment sealing = head;
        head = null;
        sealing.seal();
        durableSnapshotIndex = snapshotIndex;
        startSegment(segments.get(segments.size() - 1).seq + 1, firstIndex, batchBytes, targetBytes);
    }

    /** A new segment of targetBytes (more if the preamble and first batch need it), from the spare if one is ready. */
    private void startSegment(long seq, long firstIndex, long batchBytes, long targetBytes) throws IOException {
        Segment seg = new Segment(Segment.pathFor(dir, seq, firstIndex), seq, firstIndex);
        ByteBuffer start = codec.begin(Segment.HEADER_SIZE + preambleSize());
        Segment.putHeader(start, seq, firstIndex);
        codec.putSnapshot(RecordCodec.SNAPSHOT, snapshotIndex, snapshotTerm, true);
        if (!hardState.equals(HardState.EMPTY)) {
            codec.putHardState(hardState, false);
        }
        start = codec.finish();
        long startBytes = start.remaining();
        long capacity = Math.max(targetBytes, startBytes + batchBytes + RecordCodec.SYNCED_SIZE);
        Path ready = spare.take(capacity);
        FileChannel channel;
        if (ready != null) {
            capacity = segmentSize;
            channel = seg.createFromSpare(ready, start);
        } else {
            channel = seg.create(start, capacity);
        }
        head = new ActiveSegment(seg, channel, capacity, startBytes);
        segments.add(seg);
        spare.prepare(segmentSize);
    }

    private void checkUsable() throws IOException {
        if (closed) {
            throw new IllegalStateException("WAL is closed");
        }
        if (failed) {
            throw new IOException("WAL " + dir + " failed earlier; its on-disk state is unknown, reopen it");
        }
    }

    /** Syncs (so a clean shutdown never leaves a torn tail) and releases the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (!failed) {
                sync();
                head.closeCleanly(); // a clean stop leaves durable proof that the last batch was synced
                head = null;
            }
        } finally {
            closed = true;
            spare.close();
            if (head != null) { // failed, or null when a rollover failed between two segments
                head.close();
            }
        }
    }
}
