package io.etcdj.peer.grpc;

import io.etcdj.peer.MessageCodec;
import io.etcdj.proto.PeerProto.SnapshotChunk;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.etcdj.raft.Snapshot;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;

/**
 * The receiving end of one InstallSnapshot stream: checks every chunk as it comes (order, offset, CRC32C, size) and
 * the whole at the end (length, SHA-256), so a damaged snapshot is refused before anything of it reaches Raft.
 * Not thread-safe: gRPC delivers one stream's chunks one at a time.
 */
final class SnapshotAssembler {
    private final long maxSnapshotBytes;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private Message header;
    private boolean complete;

    SnapshotAssembler(long maxSnapshotBytes) {
        this.maxSnapshotBytes = maxSnapshotBytes;
    }

    /** Takes the next chunk; returns the finished MsgSnap after the last one, else null. */
    Message accept(SnapshotChunk chunk) {
        if (complete) {
            throw new SnapshotRefusedException("chunk after the last one");
        }
        if (header == null) {
            if (!chunk.hasMessage() || chunk.getMessage().getType() != io.etcdj.proto.RaftProto.MessageType.MSG_SNAP
                    || !chunk.getMessage().hasSnapshot()) {
                throw new SnapshotRefusedException("the first chunk must carry a MsgSnap with its snapshot metadata");
            }
            header = MessageCodec.fromProto(chunk.getMessage());
        } else if (chunk.hasMessage()) {
            throw new SnapshotRefusedException("only the first chunk may carry the message");
        }
        if (chunk.getOffset() != data.size()) {
            throw new SnapshotRefusedException("chunk at offset " + chunk.getOffset() + ", expected " + data.size());
        }
        byte[] bytes = chunk.getData().toByteArray();
        if (SnapshotChunks.crc32c(bytes, 0, bytes.length) != chunk.getCrc32C()) {
            throw new SnapshotRefusedException("CRC32C mismatch in the chunk at offset " + chunk.getOffset());
        }
        if (data.size() + (long) bytes.length > maxSnapshotBytes) {
            throw new SnapshotRefusedException("snapshot larger than " + maxSnapshotBytes + " bytes");
        }
        data.writeBytes(bytes);
        if (!chunk.getLast()) {
            return null;
        }
        complete = true;
        return finish(chunk);
    }

    private Message finish(SnapshotChunk last) {
        byte[] all = data.toByteArray();
        if (last.getTotalSize() != all.length) {
            throw new SnapshotRefusedException("received " + all.length + " bytes, sender says " + last.getTotalSize());
        }
        if (!MessageDigest.isEqual(SnapshotChunks.sha256(all), last.getSha256().toByteArray())) {
            throw new SnapshotRefusedException("SHA-256 of the snapshot does not match");
        }
        assert header.type() == MessageType.MsgSnap;
        return header.toBuilder().snapshot(new Snapshot(header.snapshot().metadata(), all)).build();
    }

    /** True once the last chunk was accepted; a stream that ends before that is a truncated snapshot. */
    boolean isComplete() {
        return complete;
    }
}
