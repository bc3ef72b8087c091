package io.etcdj.server.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * One segment file: its name, its header, and how a new one comes into existence.
 *
 * <p>Names are {@code %016x-%016x.wal} (sequence, index of the first entry expected in it) so
 * lexical order is write order. The 32-byte header repeats both and carries a magic, a format
 * version and its own CRC, so a renamed or foreign file is refused rather than replayed.
 * Version 1 segments (etcdj's first format) hold entries and hard states only; version 2 segments
 * also hold snapshot and sync markers and always start with a SNAPSHOT marker (see {@link RecordCodec}).
 * Both are read; only version 2 is written.
 *
 * <p>A new segment is created preallocated: header and first records, then real zeros up to its
 * capacity, fsynced, and only then renamed into place (and the directory fsynced). Later
 * fdatasyncs therefore never change the file size or allocate blocks, which measured faster
 * than appending to a growing file (see WalSyncProbe), and a segment file that exists is
 * always complete, so a short or bad header is corruption rather than a torn write.
 */
final class Segment {
    static final int MAGIC = 0x4c41574a; // "JWAL" when read as little-endian bytes
    /** The version written. */
    static final int VERSION = 2;
    /** etcdj's first format: no snapshot or sync markers; still read. */
    static final int VERSION_1 = 1;

    static final int HEADER_SIZE = 32;
    private static final Pattern NAME = Pattern.compile("([0-9a-f]{16})-([0-9a-f]{16})\\.wal");
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20);

    final Path path;
    final long seq;
    final long firstIndex;
    /** Highest entry index recorded in this segment; firstIndex - 1 while it holds none. */
    long maxIndex;
    /** Format version from the header: {@link #VERSION} for a segment made here, else as read by checkHeader. */
    int version = VERSION;

    Segment(Path path, long seq, long firstIndex) {
        this.path = path;
        this.seq = seq;
        this.firstIndex = firstIndex;
        this.maxIndex = firstIndex - 1;
    }

    static Path pathFor(Path dir, long seq, long firstIndex) {
        return dir.resolve(String.format("%016x-%016x.wal", seq, firstIndex));
    }

    /** The segment a file name describes, or null if the file is not a segment. */
    static Segment parse(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return null;
        }
        return new Segment(file, Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16));
    }

    static void putHeader(ByteBuffer b, long seq, long firstIndex) {
        int start = b.position();
        b.putInt(MAGIC).putInt(VERSION).putLong(seq).putLong(firstIndex);
        b.putInt(headerCrc(b, start)).putInt(0);
    }

    private static int headerCrc(ByteBuffer b, int start) {
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().limit(start + 24).position(start));
        return (int) crc.getValue();
    }

    /** Refuses a header that is short, foreign, of another version, damaged or disagrees with the name. */
    void checkHeader(ByteBuffer b) throws WalCorruptionException {
        if (b.limit() < HEADER_SIZE) {
            throw new WalCorruptionException(path, 0, "segment shorter than its " + HEADER_SIZE + "-byte header");
        }
        if (b.getInt(0) != MAGIC) {
            throw new WalCorruptionException(path, 0, "not a WAL segment (bad magic)");
        }
        if (b.getInt(4) != VERSION && b.getInt(4) != VERSION_1) {
            throw new WalCorruptionException(
                    path, 4, "unsupported segment version " + b.getInt(4) + " (written by a newer etcdj?)");
        }
        if (b.getInt(24) != headerCrc(b, 0)) {
            throw new WalCorruptionException(path, 24, "segment header CRC mismatch");
        }
        if (b.getLong(8) != seq || b.getLong(16) != firstIndex) {
            throw new WalCorruptionException(
                    path,
                    8,
                    "header says sequence " + b.getLong(8) + ", first index " + b.getLong(16)
                            + " but the file name says " + seq + ", " + firstIndex);
        }
        version = b.getInt(4);
    }

    boolean legacy() {
        return version == VERSION_1;
    }

    /**
     * Creates the segment atomically: {@code start} (header and first records) followed by zeros
     * up to {@code capacity}, durable and renamed into place. Returns a read/write channel on it.
     */
    FileChannel create(ByteBuffer start, long capacity) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel ch = OwnerOnly.open(
                tmp,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))) {
            long pos = writeFully(ch, start, 0);
            zero(ch, pos, capacity);
            ch.force(true);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.fsyncDirectory(path.getParent());
        return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /**
     * As {@link #create} but from a zero-filled spare file of at least {@code capacity} bytes made in advance:
     * only the start is written before the rename.
     */
    FileChannel createFromSpare(Path spare, ByteBuffer start) throws IOException {
        try (FileChannel ch = FileChannel.open(spare, StandardOpenOption.WRITE)) {
            writeFully(ch, start, 0);
            ch.force(false);
        }
        Files.move(spare, path, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.fsyncDirectory(path.getParent());
        return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Writes zeros over [from, to); used to preallocate and to erase a torn tail. */
    static void zero(FileChannel ch, long from, long to) throws IOException {
        for (long pos = from; pos < to; ) {
            ByteBuffer z = ZEROS.duplicate();
            z.limit((int) Math.min(z.capacity(), to - pos));
            pos = writeFully(ch, z, pos);
        }
    }

    /** Positional write of all of b at pos (a FileChannel may write less than asked); returns the end. */
    static long writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
        return pos;
    }
}
