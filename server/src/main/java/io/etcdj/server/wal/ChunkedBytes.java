package io.etcdj.server.wal;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes written in blocks of {@link #BLOCK_BYTES}, never copied into one array: a snapshot of the whole store is
 * built here and written to its file from here. One large array would be a G1 humongous object (and a
 * {@code ByteArrayOutputStream} doubles and copies it several times on the way), so a 30 MiB snapshot used to grow
 * the heap by about four times its size every time one was taken. Small blocks are ordinary young objects.
 * Not thread-safe; bounded only by what the writer writes.
 */
public final class ChunkedBytes extends OutputStream {
    /** Below G1's humongous threshold (half a region; regions are at least 1 MiB). */
    static final int BLOCK_BYTES = 256 * 1024;

    private final List<byte[]> blocks = new ArrayList<>();
    private byte[] current;
    private int used;
    private long size;

    /** The bytes of one array, without copying it. */
    public static ChunkedBytes of(byte[] bytes) {
        ChunkedBytes b = new ChunkedBytes();
        b.blocks.add(bytes);
        b.size = bytes.length;
        return b;
    }

    @Override
    public void write(int b) {
        if (current == null || used == current.length) {
            nextBlock();
        }
        current[used++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (current == null || used == current.length) {
                nextBlock();
            }
            int n = Math.min(len, current.length - used);
            System.arraycopy(b, off, current, used, n);
            used += n;
            off += n;
            len -= n;
            size += n;
        }
    }

    private void nextBlock() {
        current = new byte[BLOCK_BYTES];
        used = 0;
        blocks.add(current);
    }

    public long size() {
        return size;
    }

    /** The content as buffers, in order (views of the blocks, not copies). */
    public List<ByteBuffer> buffers() {
        List<ByteBuffer> out = new ArrayList<>(blocks.size());
        long left = size;
        for (byte[] block : blocks) {
            int n = (int) Math.min(block.length, left);
            out.add(ByteBuffer.wrap(block, 0, n));
            left -= n;
        }
        return out;
    }
}
