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
 *   byte type     one of the codes below, plus the AFTER_SYNC bit
 *   payload       ENTRY: long term, long index, int entryType, data...
 *                 HARD_STATE: long term, long vote, long commit
 *                 SNAPSHOT, SNAPSHOT_INSTALLED: long index, long term
 *                 SYNCED: long offset (its own offset in the segment)
 * </pre>
 * all little-endian. Version-1 segments hold only ENTRY and HARD_STATE.
 *
 * <p>AFTER_SYNC is set on the first record written after an fsync completed, and SYNCED records always carry it.
 * Recovery uses it to tell a torn final write (only records of the unsynced tail are damaged) from corruption of
 * data that was already durable (a valid AFTER_SYNC record follows the damage). A SYNCED record is written (without
 * an fsync of its own) right after every fsync, at the end of the log, where the next batch overwrites it: it proves
 * that the last batch before it was synced even when no batch follows.
 *
 * <p>SNAPSHOT says a snapshot file at {index, term} is durable; every segment starts with the newest one, so a
 * segment cut back to its header is detectable and releasing old segments never loses it. SNAPSHOT_INSTALLED says
 * the log was replaced by a leader's snapshot: entries after index are void and the log continues at index + 1.
 *
 * <p>One instance owns one reusable direct buffer and one CRC object, so encoding a batch
 * allocates nothing; a single thread uses it.
 */
final class RecordCodec {
    static final int PREFIX = 8;
    static final byte ENTRY = 1;
    static final byte HARD_STATE = 2;
    static final byte SNAPSHOT = 3;
    static final byte SNAPSHOT_INSTALLED = 4;
    static final byte SYNCED = 5;
    static final byte AFTER_SYNC = (byte) 0x80;
    static final int ENTRY_FIXED = 8 + 8 + 4;
    static final int HARD_STATE_SIZE = 8 + 8 + 8;
    static final int SNAPSHOT_PAYLOAD = 8 + 8;
    /** Bytes of a SYNCED record, which the next batch always overwrites (every record is longer). */
    static final int SYNCED_SIZE = PREFIX + 1 + 8;
    /** A record may not exceed what a mapped segment can address. */
    static final int MAX_RECORD = Integer.MAX_VALUE / 2;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer syncedBuf = ByteBuffer.allocateDirect(SYNCED_SIZE).order(ByteOrder.LITTLE_ENDIAN);

    static int entrySize(LogEntry e) {
        return PREFIX + 1 + ENTRY_FIXED + e.data().length;
    }

    static int hardStateSize() {
        return PREFIX + 1 + HARD_STATE_SIZE;
    }

    static int snapshotSize() {
        return PREFIX + 1 + SNAPSHOT_PAYLOAD;
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

    /** A SNAPSHOT or SNAPSHOT_INSTALLED marker. */
    void putSnapshot(byte type, long index, long term, boolean afterSync) {
        int start = open(type, afterSync);
        buf.putLong(index).putLong(term);
        close(start);
    }

    /** The SYNCED record for the given offset, in a buffer of its own (the batch buffer is left alone). */
    ByteBuffer synced(long offset) {
        ByteBuffer b = syncedBuf.clear();
        b.putInt(SYNCED_SIZE - PREFIX)
                .putInt(0)
                .put((byte) (SYNCED | AFTER_SYNC))
                .putLong(offset);
        crc.reset();
        crc.update(b.duplicate().flip().position(PREFIX));
        b.putInt(4, (int) crc.getValue());
        return b.flip();
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
        int payload = len - 1;
        int p = off + PREFIX + 1;
        boolean shapeOk = switch (b.get(off + PREFIX) & ~AFTER_SYNC) {
            case ENTRY -> payload >= ENTRY_FIXED && b.getLong(p + 8) > 0;
            case HARD_STATE -> payload == HARD_STATE_SIZE;
            case SNAPSHOT, SNAPSHOT_INSTALLED -> payload == SNAPSHOT_PAYLOAD && b.getLong(p) >= 0;
            // Bound to its offset: a copy inside an entry's data (a client's value) is no proof anywhere else.
            case SYNCED -> payload == 8 && b.getLong(p) == off && (b.get(off + PREFIX) & AFTER_SYNC) != 0;
            default -> false;
        };
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

    /** The type code of a record that {@link #check} accepted, without the AFTER_SYNC bit. */
    static int type(ByteBuffer b, int off) {
        return b.get(off + PREFIX) & ~AFTER_SYNC;
    }

    /** Decodes an entry that {@link #check} accepted. */
    static LogEntry entryAt(ByteBuffer b, int off) {
        int p = off + PREFIX + 1;
        byte[] data = new byte[b.getInt(off) - 1 - ENTRY_FIXED];
        b.get(p + ENTRY_FIXED, data);
        return new LogEntry(b.getLong(p), b.getLong(p + 8), b.getInt(p + 16), data);
    }

    /** Index of a SNAPSHOT or SNAPSHOT_INSTALLED record that {@link #check} accepted. */
    static long snapshotIndexAt(ByteBuffer b, int off) {
        return b.getLong(off + PREFIX + 1);
    }

    /** Decodes a hard state that {@link #check} accepted. */
    static HardState hardStateAt(ByteBuffer b, int off) {
        int p = off + PREFIX + 1;
        return new HardState(b.getLong(p), b.getLong(p + 8), b.getLong(p + 16));
    }
}
