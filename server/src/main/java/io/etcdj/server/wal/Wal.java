package io.etcdj.server.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft log and hard state on disk: a directory of preallocated segment files (see
 * {@link Segment}) holding records (see {@link RecordCodec}).
 *
 * <p>One thread calls append and sync. append encodes a whole batch into one reusable direct
 * buffer and issues one positional write; sync is a single fdatasync covering all of them, so
 * the caller can group-commit. Every new segment starts with the current hard state, so
 * deleting older segments never loses it.
 */
public final class Wal implements AutoCloseable {
    /** Segment capacity in production; tests pass a small one. */
    public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(Wal.class);

    private final Path dir;
    private final long segmentSize;
    private final List<Segment> segments;   // oldest first; the last one is written
    private final RecordCodec codec = new RecordCodec();
    private final SpareSegment spare;
    private List<LogEntry> recoveredEntries;
    private HardState recoveredHardState;
    private FileChannel channel;             // on the last segment
    private long capacity;                   // size at which the last segment is full
    private long writePos;
    private long lastIndex;
    private HardState hardState;
    private boolean synced = true;           // nothing written since the last fsync
    private boolean failed;                  // a write or fsync failed: the file state is unknown
    private boolean closed;

    private Wal(Path dir, long segmentSize, List<Segment> segments) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.segments = segments;
        this.spare = new SpareSegment(dir);
    }

    /** Opens (creating if needed) the log in dir, replays it, truncates a torn last record, refuses mid-log corruption. */
    public static Wal open(Path dir, long snapshotIndex) throws IOException {
        return open(dir, snapshotIndex, DEFAULT_SEGMENT_SIZE);
    }

    /** As {@link #open(Path, long)} with a chosen segment capacity (tests use small ones). */
    public static Wal open(Path dir, long snapshotIndex, long segmentSize) throws IOException {
        if (segmentSize < Segment.HEADER_SIZE + RecordCodec.hardStateSize() || segmentSize > RecordCodec.MAX_RECORD) {
            throw new IllegalArgumentException("segment size out of range: " + segmentSize);
        }
        OwnerOnly.directory(dir);
        List<Segment> segments = listSegments(dir);
        LogReplay log = new LogReplay(snapshotIndex);
        Wal wal = new Wal(dir, segmentSize, segments);
        boolean ok = false;
        try {
            if (!segments.isEmpty()) {
                wal.replay(log);
            }
            wal.recoveredEntries = Collections.unmodifiableList(log.entries());
            wal.recoveredHardState = log.hardState();
            wal.hardState = log.hardState();
            wal.lastIndex = log.lastIndex();
            if (segments.isEmpty()) {
                wal.startSegment(0, snapshotIndex + 1, 0);
            }
            wal.spare.prepare(segmentSize);
            ok = true;
            return wal;
        } finally {
            if (!ok) {
                wal.spare.close();
                if (wal.channel != null) {
                    wal.channel.close();
                }
            }
        }
    }

    /** Segments sorted by sequence, which must have no gaps; leftovers of unfinished creates are removed. */
    private static List<Segment> listSegments(Path dir) throws IOException {
        List<Segment> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (p.getFileName().toString().endsWith(".wal.tmp")) {
                    Files.delete(p); // a segment whose creation crashed before its rename: never used
                    continue;
                }
                Segment s = Segment.parse(p);
                if (s == null) {
                    continue;
                }
                if (!segments.isEmpty() && s.seq != segments.get(segments.size() - 1).seq + 1) {
                    throw new WalCorruptionException(p, 0, "segment sequence gap or disorder: expected sequence "
                            + (segments.get(segments.size() - 1).seq + 1) + " after "
                            + segments.get(segments.size() - 1).path.getFileName());
                }
                segments.add(s);
            }
        }
        return segments;
    }

    private void replay(LogReplay log) throws IOException {
        for (int i = 0; i < segments.size(); i++) {
            Segment seg = segments.get(i);
            boolean last = i == segments.size() - 1;
            try (FileChannel ch = FileChannel.open(seg.path, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size > RecordCodec.MAX_RECORD) {
                    throw new WalCorruptionException(seg.path, 0, "segment of " + size + " bytes is too large");
                }
                MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
                b.order(ByteOrder.LITTLE_ENDIAN);
                seg.checkHeader(b);
                SegmentReplay.End end = SegmentReplay.replay(seg, b, last, codec, log);
                if (last) {
                    channel = FileChannel.open(seg.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    if (end.torn()) {
                        LOG.warn("WAL {}: torn write at offset {}: erasing {} bytes of an unsynced tail",
                                seg.path, end.offset(), end.dirtyUntil() - end.offset());
                        Segment.zero(channel, end.offset(), end.dirtyUntil());
                    }
                    // What we replayed may still be only in the page cache (the previous process
                    // died, not the machine); make it durable so the AFTER_SYNC flag stays truthful.
                    channel.force(false);
                    capacity = Math.max(size, segmentSize);
                    writePos = end.offset();
                }
            }
        }
        LOG.info("WAL {}: replayed {} segments, last index {}", dir, segments.size(), log.lastIndex());
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
            if (writePos + n > capacity) {
                rollTo(entries.isEmpty() ? lastIndex + 1 : entries.get(0).index(), n);
            }
            codec.begin((int) n);
            boolean flag = synced;
            for (LogEntry e : entries) {
                codec.putEntry(e, flag);
                flag = false;
            }
            if (hardStateOrNull != null) {
                codec.putHardState(hardStateOrNull, flag);
            }
            writePos = Segment.writeFully(channel, codec.finish(), writePos);
        } catch (IOException | RuntimeException e) {
            failed = true; // a partial write may be on disk; only a reopen can tell what is
            throw e;
        }
        synced = false;
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
                throw new IllegalArgumentException("entry index " + index + " is not contiguous (last index "
                        + lastIndex + ")");
            }
        }
    }

    /** Makes every append so far durable with one fdatasync; the file size never changes, so no metadata is flushed. */
    public void sync() throws IOException {
        checkUsable();
        if (synced) {
            return;
        }
        try {
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            failed = true; // after a failed fsync the kernel may have dropped the dirty pages: never retry
            throw e;
        }
        synced = true;
    }

    /** Last entry index written, or the snapshot index given to open if that is higher. */
    public long lastIndex() {
        return lastIndex;
    }

    /**
     * A snapshot at {@code index}, already durable in its own file, replaces the log up to it (a follower that was
     * too far behind): the next entry appended is {@code index + 1}, whatever this log held. Replay accepts the
     * jump because it starts from that snapshot.
     */
    public void snapshotInstalled(long index) throws IOException {
        checkUsable();
        lastIndex = index;
    }

    /** Deletes the oldest segments all of whose entries are below index; the segment being written stays. */
    public void releaseBefore(long index) throws IOException {
        checkUsable();
        boolean deleted = false;
        while (segments.size() > 1 && segments.get(0).maxIndex < index) {
            Files.delete(segments.remove(0).path);
            deleted = true;
        }
        if (deleted) {
            DirectorySync.fsync(dir);
        }
    }

    /** Seals the current segment (fsynced, so sealed segments never hold a torn tail) and starts the next. */
    private void rollTo(long firstIndex, long batchBytes) throws IOException {
        channel.force(false);
        channel.close();
        channel = null;
        startSegment(segments.get(segments.size() - 1).seq + 1, firstIndex, batchBytes);
    }

    private void startSegment(long seq, long firstIndex, long batchBytes) throws IOException {
        Segment seg = new Segment(Segment.pathFor(dir, seq, firstIndex), seq, firstIndex);
        ByteBuffer start = codec.begin(Segment.HEADER_SIZE + RecordCodec.hardStateSize());
        Segment.putHeader(start, seq, firstIndex);
        if (!hardState.equals(HardState.EMPTY)) {
            codec.putHardState(hardState, true);
        }
        start = codec.finish();
        long startBytes = start.remaining();
        capacity = Math.max(segmentSize, startBytes + batchBytes);
        Path ready = spare.take(capacity);
        if (ready != null) {
            capacity = segmentSize;
            channel = seg.createFromSpare(ready, start);
        } else {
            channel = seg.create(start, capacity);
        }
        segments.add(seg);
        spare.prepare(segmentSize);
        writePos = startBytes;
        synced = true;
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
            }
        } finally {
            closed = true;
            spare.close();
            if (channel != null) { // null only when a rollover failed between two segments
                channel.close();
            }
        }
    }
}
