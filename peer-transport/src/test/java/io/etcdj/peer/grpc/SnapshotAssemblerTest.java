package io.etcdj.peer.grpc;

import io.etcdj.peer.Messages;
import io.etcdj.proto.PeerProto.SnapshotChunk;
import io.etcdj.raft.Message;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotAssemblerTest {
    private static final Message SNAP = Messages.snap(1, 2, 10_000, 7);
    private static final List<SnapshotChunk> CHUNKS = SnapshotChunks.of(SNAP, 3_000);

    private static Message feed(List<SnapshotChunk> chunks) {
        SnapshotAssembler assembler = new SnapshotAssembler(1 << 20);
        Message done = null;
        for (SnapshotChunk c : chunks) {
            done = assembler.accept(c);
        }
        return done;
    }

    private static List<SnapshotChunk> with(int i, SnapshotChunk replacement) {
        List<SnapshotChunk> copy = new java.util.ArrayList<>(CHUNKS);
        copy.set(i, replacement);
        return copy;
    }

    @Test
    void chunksReassembleTheMessage() {
        assertEquals(4, CHUNKS.size());
        assertTrue(CHUNKS.get(3).getLast());
        Messages.assertSame(SNAP, feed(CHUNKS));
    }

    @Test
    void anEmptySnapshotIsOneChunk() {
        Message empty = Messages.snap(1, 2, 0, 1);
        List<SnapshotChunk> chunks = SnapshotChunks.of(empty, 3_000);
        assertEquals(1, chunks.size());
        Messages.assertSame(empty, feed(chunks));
    }

    @Test
    void aFlippedByteIsCaughtByTheChunkCrc() {
        byte[] data = CHUNKS.get(1).getData().toByteArray();
        data[17] ^= 1;
        SnapshotChunk bad = CHUNKS.get(1).toBuilder().setData(com.google.protobuf.ByteString.copyFrom(data)).build();
        SnapshotRefusedException e = assertThrows(SnapshotRefusedException.class, () -> feed(with(1, bad)));
        assertTrue(e.getMessage().contains("CRC32C"), e.getMessage());
    }

    @Test
    void aChunkWithMatchingCrcButWrongDataIsCaughtBySha256() {
        byte[] data = CHUNKS.get(2).getData().toByteArray();
        data[0] ^= 1;
        SnapshotChunk forged = CHUNKS.get(2).toBuilder().setData(com.google.protobuf.ByteString.copyFrom(data))
                .setCrc32C(SnapshotChunks.crc32c(data, 0, data.length)).build();
        SnapshotRefusedException e = assertThrows(SnapshotRefusedException.class, () -> feed(with(2, forged)));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void aMissingChunkIsCaughtByItsOffset() {
        List<SnapshotChunk> gap = new java.util.ArrayList<>(CHUNKS);
        gap.remove(1);
        SnapshotRefusedException e = assertThrows(SnapshotRefusedException.class, () -> feed(gap));
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void theFirstChunkMustCarryTheMsgSnapAndOnlyIt() {
        assertThrows(SnapshotRefusedException.class, () -> feed(CHUNKS.subList(1, 4)));
        SnapshotChunk second = CHUNKS.get(1).toBuilder().setMessage(CHUNKS.get(0).getMessage()).build();
        assertThrows(SnapshotRefusedException.class, () -> feed(with(1, second)));
    }

    @Test
    void aWrongTotalSizeOrSizeOverTheLimitIsRefused() {
        SnapshotChunk lying = CHUNKS.get(3).toBuilder().setTotalSize(9_999).build();
        assertThrows(SnapshotRefusedException.class, () -> feed(with(3, lying)));
        SnapshotAssembler small = new SnapshotAssembler(5_000);
        assertNull(small.accept(CHUNKS.get(0)));
        assertThrows(SnapshotRefusedException.class, () -> small.accept(CHUNKS.get(1)));
    }
}
