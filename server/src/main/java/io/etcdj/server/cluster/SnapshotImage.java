package io.etcdj.server.cluster;

import io.etcdj.raft.ConfState;
import io.etcdj.server.wal.ChunkedBytes;
import io.etcdj.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a snapshot file and an InstallSnapshot carry: the membership (Raft voters) as of the snapshot's index, then
 * the serialised store. The membership is needed to restart from the snapshot alone, since the log entries that
 * made it are gone.
 */
public record SnapshotImage(ConfState confState, byte[] storeData) {
    private static final int MAGIC = 0x45544a31; // "ETJ1"

    public byte[] encode() {
        byte[] header = header(confState);
        return ByteBuffer.allocate(header.length + storeData.length)
                .put(header)
                .put(storeData)
                .array();
    }

    /**
     * The image of {@code store} as it is now, in blocks (see {@link ChunkedBytes}): the same bytes {@link #encode}
     * makes, without an array of the whole store.
     */
    public static ChunkedBytes write(ConfState confState, Store store) {
        ChunkedBytes out = new ChunkedBytes();
        try {
            out.write(header(confState));
            store.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return out;
    }

    private static byte[] header(ConfState confState) {
        List<Long> voters = confState.voters();
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 * voters.size());
        b.putInt(MAGIC).putInt(voters.size());
        for (long v : voters) {
            b.putLong(v);
        }
        return b.array();
    }

    /** @throws IllegalArgumentException when the bytes are not an image written by {@link #encode} */
    public static SnapshotImage decode(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        if (data.length < 8 || b.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a snapshot image (bad magic)");
        }
        int n = b.getInt();
        if (n < 0 || n > (data.length - 8) / 8) {
            throw new IllegalArgumentException("damaged snapshot image: " + n + " voters");
        }
        List<Long> voters = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            voters.add(b.getLong());
        }
        byte[] store = new byte[b.remaining()];
        b.get(store);
        return new SnapshotImage(new ConfState(voters), store);
    }
}
