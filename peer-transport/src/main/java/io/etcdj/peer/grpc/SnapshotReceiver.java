package io.etcdj.peer.grpc;

import com.google.protobuf.ByteString;
import io.etcdj.peer.MessageCodec;
import io.etcdj.proto.PeerProto.SnapshotChunk;
import io.etcdj.proto.RaftProto;
import io.etcdj.raft.MemberIds;
import io.etcdj.raft.Message;
import io.etcdj.raft.PeerMessageCheck;
import io.etcdj.raft.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.zip.CRC32C;

/**
 * The receiving end of one InstallSnapshot stream. The first chunk is judged before any data is taken: it must carry
 * a MsgSnap that {@link PeerMessageCheck} accepts and declare a size within the limit, and it must find the spool's
 * one slot free. Then each chunk is checked (offset, CRC32C, no byte beyond the declared size) and appended to the
 * spool file while the SHA-256 of the whole is computed; memory holds one chunk at a time. After the last chunk
 * the length and SHA-256 are compared, and only then is the file read into memory, once.
 *
 * <p>Not thread-safe: the caller serialises {@link #accept} and {@link #abort}. Whatever ends the stream (refusal,
 * completion, {@link #abort}) deletes the spool file and frees the slot.
 */
final class SnapshotReceiver {
    private final long localId;
    private final long maxSnapshotBytes;
    private final SnapshotSpool spool;
    private final CRC32C crc = new CRC32C();
    private final MessageDigest sha256 = SnapshotChunks.newSha256();
    private Message header;
    private long declaredBytes;
    private long receivedBytes;
    private TransferProgress progress;
    private SnapshotSpool.SpoolFile file;
    private boolean ended;
    private boolean complete;

    SnapshotReceiver(long localId, long maxSnapshotBytes, SnapshotSpool spool) {
        this.localId = localId;
        this.maxSnapshotBytes = maxSnapshotBytes;
        this.spool = spool;
    }

    /**
     * Takes the next chunk; returns the finished MsgSnap (data included) after the last one, else null.
     *
     * @throws SnapshotRefusedException on the first broken rule; the stream is over then
     */
    Message accept(SnapshotChunk chunk) {
        if (ended) {
            throw SnapshotRefusedException.invalid("chunk after the end of the stream");
        }
        try {
            Message done = take(chunk);
            if (done != null) {
                complete = true;
                ended = true;
            }
            return done;
        } catch (RuntimeException e) {
            abort();
            throw e;
        } finally {
            if (ended) {
                abort();
            }
        }
    }

    private Message take(SnapshotChunk chunk) {
        if (header == null) {
            start(chunk);
        } else if (chunk.hasMessage() || chunk.hasDeclaredSize()) {
            throw SnapshotRefusedException.invalid("only the first chunk may carry the message and the size");
        }
        if (chunk.getOffset() != receivedBytes) {
            throw SnapshotRefusedException.damaged(
                    "chunk at offset " + chunk.getOffset() + ", expected " + receivedBytes);
        }
        ByteString data = chunk.getData();
        if (data.size() > declaredBytes - receivedBytes) {
            throw SnapshotRefusedException.invalid("more data than the " + declaredBytes + " bytes declared");
        }
        crc.reset();
        for (ByteBuffer b : data.asReadOnlyByteBufferList()) {
            crc.update(b);
        }
        if ((int) crc.getValue() != chunk.getCrc32C()) {
            throw SnapshotRefusedException.damaged("CRC32C mismatch in the chunk at offset " + chunk.getOffset());
        }
        try {
            for (ByteBuffer b : data.asReadOnlyByteBufferList()) {
                sha256.update(b.duplicate());
                file.write(b);
            }
        } catch (IOException e) {
            throw SnapshotRefusedException.exhausted("cannot write the snapshot to " + spool.dir() + ": " + e);
        }
        receivedBytes += data.size();
        progress.add(data.size());
        if (!chunk.getLast()) {
            return null;
        }
        Message whole = finish(chunk);
        progress.done();
        return whole;
    }

    private void start(SnapshotChunk first) {
        if (!first.hasMessage()
                || first.getMessage().getType() != RaftProto.MessageType.MSG_SNAP
                || !first.getMessage().hasSnapshot()) {
            throw SnapshotRefusedException.invalid("the first chunk must carry a MsgSnap with its snapshot metadata");
        }
        if (!first.getMessage().getSnapshot().getData().isEmpty()) {
            throw SnapshotRefusedException.invalid("the first chunk's MsgSnap must leave the data to the chunks");
        }
        Message m;
        try {
            m = MessageCodec.fromProto(first.getMessage());
        } catch (IllegalArgumentException e) {
            throw SnapshotRefusedException.invalid("undecodable MsgSnap: " + e.getMessage());
        }
        String problem = PeerMessageCheck.check(m, localId);
        if (problem != null) {
            throw SnapshotRefusedException.invalid("MsgSnap refused: " + problem);
        }
        if (!first.hasDeclaredSize()) {
            throw SnapshotRefusedException.invalid(
                    "the first chunk does not declare the snapshot's size" + " (a sender older than this member?)");
        }
        long declared = first.getDeclaredSize();
        if (declared < 0 || declared > maxSnapshotBytes) {
            throw SnapshotRefusedException.exhausted("snapshot of " + Long.toUnsignedString(declared)
                    + " bytes declared, this member takes at most " + maxSnapshotBytes
                    + " (its limit is a quarter of its heap unless configured: give it a larger -Xmx)");
        }
        try {
            file = spool.tryOpen();
        } catch (IOException e) {
            throw SnapshotRefusedException.exhausted("cannot spool the snapshot: " + e.getMessage());
        }
        if (file == null) {
            throw SnapshotRefusedException.exhausted("another snapshot is being received; try again later");
        }
        header = m;
        declaredBytes = declared;
        progress = new TransferProgress(
                "receiving snapshot at index " + m.snapshot().metadata().index() + " from " + MemberIds.hex(m.from()),
                declared);
    }

    private Message finish(SnapshotChunk last) {
        if (receivedBytes != declaredBytes || last.getTotalSize() != receivedBytes) {
            throw SnapshotRefusedException.damaged("received " + receivedBytes + " bytes; declared " + declaredBytes
                    + ", last chunk says " + last.getTotalSize());
        }
        if (!MessageDigest.isEqual(sha256.digest(), last.getSha256().toByteArray())) {
            throw SnapshotRefusedException.damaged("SHA-256 of the snapshot does not match");
        }
        byte[] all;
        try {
            all = file.readAll((int) receivedBytes);
        } catch (IOException e) {
            throw SnapshotRefusedException.exhausted("cannot read the spooled snapshot back: " + e.getMessage());
        }
        return header.toBuilder()
                .snapshot(new Snapshot(header.snapshot().metadata(), all))
                .build();
    }

    /** True once the whole snapshot was received and verified. */
    boolean isComplete() {
        return complete;
    }

    /** Ends the stream: deletes the spool file (if any) and frees the slot. Idempotent. */
    void abort() {
        if (!complete && progress != null && !ended) {
            progress.failed();
        }
        ended = true;
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
