package io.etcdj.server.wal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The record format, both directions. A record is
 * <pre>
 *   int  length   bytes after the 8-byte prefix (type + payload), never 0: 0 marks the end of the log
 *   int  crc      CRC32C of type + payload
 *   byte type     ENTRY or HARD_STATE, plus the AFTER_SYNC bit
 *   payload       ENTRY: long term, long index, int entryType, data...; HARD_STATE: long term, vote, commit
 * </pre>
 * all little-endian. AFTER_SYNC is set on the first record written after an fsync completed.
 * Recovery uses it to tell a torn final write (only records of the unsynced tail are damaged)
 * from corruption of data that was already durable (a valid AFTER_SYNC record follows the damage).
 *
 * <p>One instance owns one reusable direct buffer and one CRC object, so encoding a batch
 * allocates nothing; a single thread uses it.
 */
final class RecordCodec {
    static final int PREFIX = 8;
    static final byte ENTRY = 1;
    static final byte HARD_STATE = 2;
    static final byte AFTER_SYNC = (byte) 0x80;
    static final int ENTRY_FIXED = 8 + 8 + 4;
    static final int HARD_STATE_SIZE = 8 + 8 + 8;
    /** A record may not exceed what a mapped segment can address. */
    static final int MAX_RECORD = Integer.MAX_VALUE / 2;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

    static int entrySize(LogEntry e) {
        return PREFIX + 1 + ENTRY_FIXED + e.data().length;
    }

    static int hardStateSize() {
        return PREFIX + 1 + HARD_STATE_SIZE;
    }

    static long batchSize(List<LogEntry> entries, HardState hs) {
        long n = hs == null ? 0 : hardStateSize();
        for (LogEntry e : entries) {
            n += entrySize(e);
        }
        return n;
    }

    /** Empties the buffer, making sure it can hold {@code bytes} without reallocating mid-batch. */
    ByteBuffer begin(int bytes) {
        if (buf.capacity() < bytes) {
            buf = ByteBuffer.allocateDirect(Math.max(bytes, buf.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        }
        buf.clear();
        return buf;
    }

    /** The encoded bytes, ready to write. */
    ByteBuffer finish() {
        return buf.flip();
    }

    void putEntry(LogEntry e, boolean afterSync) {
        int start = open(ENTRY, afterSync);
        buf.putLong(e.term()).putLong(e.index()).putInt(e.type()).put(e.data());
        close(start);
    }

    void putHardState(HardState hs, boolean afterSync) {
        int start = open(HARD_STATE, afterSync);
        buf.putLong(hs.term()).putLong(hs.vote()).putLong(hs.commit());
        close(start);
    }

    private int open(byte type, boolean afterSync) {
        int start = buf.position();
        buf.putLong(0).put(afterSync ? (byte) (type | AFTER_SYNC) : type);
        return start;
    }

    private void close(int start) {
        int end = buf.position();
        buf.putInt(start, end - start - PREFIX);
        buf.putInt(start + 4, crcOf(buf, start + PREFIX, end));
        buf.limit(buf.capacity()).position(end);
    }

    /** CRC32C of b[from, to) without allocating; leaves b's position/limit changed, callers restore. */
    private int crcOf(ByteBuffer b, int from, int to) {
        crc.reset();
        b.limit(to).position(from);
        crc.update(b);
        return (int) crc.getValue();
    }

    /**
     * Length in bytes (prefix included) of the well-formed record at {@code off}, where the
     * segment's bytes end at {@code b.limit()}; 0 if the length field is 0 (the end marker);
     * -1 if the record is short, fails its CRC or makes no sense.
     */
    int check(ByteBuffer b, int off) {
        int limit = b.limit();
        if (off + PREFIX > limit) {
            return off == limit ? 0 : -1;
        }
        int len = b.getInt(off);
        if (len == 0) {
            return 0;
        }
        if (len < 1 || len > limit - off - PREFIX) {
            return -1;
        }
        int type = b.get(off + PREFIX) & ~AFTER_SYNC;
        int payload = len - 1;
        boolean shapeOk = type == ENTRY ? payload >= ENTRY_FIXED && b.getLong(off + PREFIX + 1 + 8) > 0
                : type == HARD_STATE && payload == HARD_STATE_SIZE;
        if (!shapeOk) {
            return -1;
        }
        int stored = b.getInt(off + 4);
        int actual = crcOf(b, off + PREFIX, off + PREFIX + len);
        b.limit(limit).position(0);
        return stored == actual ? PREFIX + len : -1;
    }

    static boolean isAfterSync(ByteBuffer b, int off) {
        return (b.get(off + PREFIX) & AFTER_SYNC) != 0;
    }

    static boolean isEntry(ByteBuffer b, int off) {
        return (b.get(off + PREFIX) & ~AFTER_SYNC) == ENTRY;
    }

    /** Decodes an entry that {@link #check} accepted. */
    static LogEntry entryAt(ByteBuffer b, int off) {
        int p = off + PREFIX + 1;
        byte[] data = new byte[b.getInt(off) - 1 - ENTRY_FIXED];
        b.get(p + ENTRY_FIXED, data);
        return new LogEntry(b.getLong(p), b.getLong(p + 8), b.getInt(p + 16), data);
    }

    /** Decodes a hard state that {@link #check} accepted. */
    static HardState hardStateAt(ByteBuffer b, int off) {
        int p = off + PREFIX + 1;
        return new HardState(b.getLong(p), b.getLong(p + 8), b.getLong(p + 16));
    }
}
