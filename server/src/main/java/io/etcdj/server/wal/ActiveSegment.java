package io.etcdj.server.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment being written: its channel, where the next record goes, how far it may grow (it was preallocated to
 * that size, so an fdatasync never changes the file size), and whether what is written is durable. Used by the one
 * thread that writes the {@link Wal}.
 */
final class ActiveSegment implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveSegment.class);

    final Segment segment;
    private final FileChannel channel;
    private final long capacity;
    private long writePos;
    /** Nothing written since the last fsync. */
    private boolean synced = true;
    /** A SYNCED record was written after the last fsync and is not durable itself yet. */
    private boolean syncRecordUnforced;

    /** A new segment whose first {@code writePos} bytes (header, preamble) are durable. */
    ActiveSegment(Segment segment, FileChannel channel, long capacity, long writePos) {
        this.segment = segment;
        this.channel = channel;
        this.capacity = capacity;
        this.writePos = writePos;
    }

    /**
     * The last segment of a replayed log, to write on: a torn tail (which recovery found never fsynced) is erased,
     * and what was replayed is made durable, since it may still be only in the page cache (the previous process died,
     * not the machine) and the AFTER_SYNC flags must stay truthful.
     */
    static ActiveSegment resume(Segment seg, SegmentReplay.End end) throws IOException {
        FileChannel channel = FileChannel.open(seg.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (end.torn()) {
                LOG.warn(
                        "WAL {}: torn write at offset {}: erasing {} bytes of an unsynced tail",
                        seg.path,
                        end.offset(),
                        end.dirtyUntil() - end.offset());
                Segment.zero(channel, end.offset(), end.dirtyUntil());
            }
            channel.force(false);
            return new ActiveSegment(seg, channel, channel.size(), end.offset());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** True if {@code bytes} of records fit, with room left for the SYNCED record that follows them. */
    boolean fits(long bytes) {
        return writePos + bytes + RecordCodec.SYNCED_SIZE <= capacity;
    }

    /** Nothing was written since the last fsync: the next record is the first after one (AFTER_SYNC). */
    boolean synced() {
        return synced;
    }

    /** Writes records at the end of the log (positional, all of them); not durable until {@link #sync}. */
    void write(ByteBuffer records) throws IOException {
        writePos = Segment.writeFully(channel, records, writePos);
        synced = false;
    }

    /**
     * One fdatasync, then the SYNCED record: proof for recovery that everything before it was synced, so a damaged
     * record there is refused rather than erased as a torn write. The proof is not fsynced (a crash of the process
     * keeps it in the page cache; the next fsync or {@link #close} makes it durable); the next batch overwrites it.
     */
    void sync(RecordCodec codec) throws IOException {
        channel.force(false);
        synced = true;
        if (writePos + RecordCodec.SYNCED_SIZE <= capacity) {
            Segment.writeFully(channel, codec.synced(writePos), writePos);
            syncRecordUnforced = true;
        }
    }

    /** fsync and close: a sealed segment never holds a torn tail. */
    void seal() throws IOException {
        try {
            channel.force(false);
        } finally {
            channel.close();
        }
    }

    /** A clean stop: the proof of the last sync is made durable too. */
    void closeCleanly() throws IOException {
        if (syncRecordUnforced) {
            channel.force(false);
        }
        channel.close();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
