package io.etcdj.server.wal;

import java.nio.ByteBuffer;

/**
 * Feeds the records of one mapped segment to the log and decides where the segment's log ends:
 * at a clean end (zeros or EOF), at a torn tail that the caller must erase, or nowhere sensible,
 * which is corruption.
 *
 * <p>A bad record is a torn tail only when it can have been hit by a crash, which is when no
 * byte after it was made durable by a later fsync: it is in the last segment (sealed segments
 * are fsynced before the next one starts), and no valid record flagged AFTER_SYNC follows it
 * (the first record of a later batch, or the SYNCED record written after each fsync).
 * This also accepts the case of page writeback out of order (a hole in the unsynced batch with
 * later pages of the same batch on disk), which a "zeros must follow" rule would refuse.
 *
 * <p>Nothing here changes the file: the caller erases a torn tail only once the whole log has been checked.
 */
final class SegmentReplay {
    /** Where the log in the segment ends, and until where non-zero leftovers must be erased. */
    record End(int offset, int dirtyUntil) {
        boolean torn() {
            return dirtyUntil > offset;
        }
    }

    private SegmentReplay() {}

    static End replay(
            Segment seg, ByteBuffer b, boolean last, RecordCodec codec, LogReplay log, ReplayProgress progress)
            throws WalCorruptionException {
        int off = Segment.HEADER_SIZE;
        if (!seg.legacy() && (codec.check(b, off) <= 0 || RecordCodec.type(b, off) != RecordCodec.SNAPSHOT)) {
            // Written and fsynced before the segment got its name, so never torn: the file was cut back or damaged.
            throw new WalCorruptionException(
                    seg.path,
                    off,
                    "the segment's first record (the snapshot marker"
                            + " every segment starts with) is missing or damaged: the file was cut back or overwritten");
        }
        int n;
        while ((n = codec.check(b, off)) > 0) {
            switch (RecordCodec.type(b, off)) {
                case RecordCodec.ENTRY -> {
                    LogEntry e = RecordCodec.entryAt(b, off);
                    log.entry(e, seg.path, off);
                    seg.maxIndex = Math.max(seg.maxIndex, e.index());
                }
                case RecordCodec.HARD_STATE -> log.hardState(RecordCodec.hardStateAt(b, off), seg.path, off);
                case RecordCodec.SNAPSHOT -> log.snapshotSaved(RecordCodec.snapshotIndexAt(b, off));
                case RecordCodec.SNAPSHOT_INSTALLED ->
                    log.snapshotInstalled(RecordCodec.snapshotIndexAt(b, off), seg.path, off);
                default -> {} // SYNCED: only evidence for the torn-write decision below
            }
            progress.record(n);
            off += n;
        }
        int dirtyUntil = lastNonZero(b, off) + 1;
        if (dirtyUntil <= off) {
            return new End(off, off);
        }
        String what = n == 0 ? "end-of-log marker followed by non-zero bytes" : "bad record (short, CRC or shape)";
        if (!last) {
            throw new WalCorruptionException(seg.path, off, what + " in a sealed segment");
        }
        int proof = syncedRecordAfter(codec, b, off + 1, dirtyUntil);
        if (proof >= 0) {
            throw new WalCorruptionException(
                    seg.path,
                    off,
                    what + " in data that was already fsynced: a record"
                            + " written after that fsync follows at offset " + proof);
        }
        return new End(off, dirtyUntil);
    }

    /** Offset of the last non-zero byte in b[from, limit), or from - 1 if there is none. */
    private static int lastNonZero(ByteBuffer b, int from) {
        int p = b.limit();
        while (p - 8 >= from && b.getLong(p - 8) == 0) {
            p -= 8;
        }
        while (p > from && b.get(p - 1) == 0) {
            p--;
        }
        return p - 1;
    }

    /** First offset in [from, to) holding a valid record flagged AFTER_SYNC, or -1. */
    private static int syncedRecordAfter(RecordCodec codec, ByteBuffer b, int from, int to) {
        for (int p = from; p + RecordCodec.PREFIX < to; p++) {
            if (RecordCodec.isAfterSync(b, p) && codec.check(b, p) > 0) {
                return p;
            }
        }
        return -1;
    }
}
