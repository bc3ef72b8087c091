package io.etcdj.peer.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.etcdj.peer.MessageCodec;
import io.etcdj.proto.PeerProto.SnapshotChunk;
import io.etcdj.raft.Message;
import io.etcdj.raft.Snapshot;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Cuts a MsgSnap into InstallSnapshot chunks: the first carries the message (its snapshot's data emptied) and the
 * size of the whole, each carries a slice of the data with its CRC32C, the last the SHA-256 and length of the
 * whole. Always at least one chunk, so an empty snapshot still delivers its message.
 */
final class SnapshotChunks {
    private SnapshotChunks() {}

    static List<SnapshotChunk> of(Message msgSnap, int chunkBytes) {
        Snapshot snapshot = msgSnap.snapshot();
        byte[] data = snapshot.data();
        Message header = msgSnap.toBuilder()
                .snapshot(new Snapshot(snapshot.metadata(), null))
                .build();
        List<SnapshotChunk> chunks = new ArrayList<>(data.length / chunkBytes + 1);
        int offset = 0;
        do {
            int length = Math.min(chunkBytes, data.length - offset);
            ByteString slice = UnsafeByteOperations.unsafeWrap(data, offset, length);
            SnapshotChunk.Builder b =
                    SnapshotChunk.newBuilder().setOffset(offset).setData(slice).setCrc32C(crc32c(data, offset, length));
            if (offset == 0) {
                b.setMessage(MessageCodec.toProto(header)).setDeclaredSize(data.length);
            }
            offset += length;
            if (offset == data.length) {
                b.setLast(true).setSha256(ByteString.copyFrom(sha256(data))).setTotalSize(data.length);
            }
            chunks.add(b.build());
        } while (offset < data.length);
        return chunks;
    }

    static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    static byte[] sha256(byte[] data) {
        return newSha256().digest(data);
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
