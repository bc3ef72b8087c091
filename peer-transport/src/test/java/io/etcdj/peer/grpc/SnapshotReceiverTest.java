package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.etcdj.peer.MessageCodec;
import io.etcdj.peer.Messages;
import io.etcdj.proto.PeerProto.SnapshotChunk;
import io.etcdj.raft.Message;
import io.etcdj.raft.Snapshot;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One InstallSnapshot stream's checks, chunk by chunk, and what it leaves on disk (nothing, once it is over). */
class SnapshotReceiverTest {
    private static final Message SNAP = Messages.snap(1, 2, 10_000, 7);
    private static final List<SnapshotChunk> CHUNKS = SnapshotChunks.of(SNAP, 3_000);

    @TempDir
    Path dir;

    private SnapshotSpool spool;

    @BeforeEach
    void prepare() throws IOException {
        spool = new SnapshotSpool(Optional.of(dir.resolve("incoming")));
        spool.prepare();
    }

    @AfterEach
    void spoolIsEmpty() throws IOException {
        assertEquals(List.of(), files(), "spool files left");
        spool.close();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(spool.dir())) {
            return s.toList();
        }
    }

    private SnapshotReceiver receiver(long max) {
        return new SnapshotReceiver(2, max, spool);
    }

    private Message feed(List<SnapshotChunk> chunks) {
        SnapshotReceiver r = receiver(1 << 20);
        Message done = null;
        for (SnapshotChunk c : chunks) {
            done = r.accept(c);
        }
        return done;
    }

    private SnapshotRefusedException refused(Status.Code code, List<SnapshotChunk> chunks, String reasonPart) {
        SnapshotRefusedException e = assertThrows(SnapshotRefusedException.class, () -> feed(chunks));
        assertEquals(code, e.status().getCode(), e.getMessage());
        assertTrue(e.getMessage().contains(reasonPart), e.getMessage());
        return e;
    }

    private static List<SnapshotChunk> with(int i, SnapshotChunk replacement) {
        List<SnapshotChunk> copy = new ArrayList<>(CHUNKS);
        copy.set(i, replacement);
        return copy;
    }

    @Test
    void chunksReassembleTheMessageAndTheFirstDeclaresTheSize() {
        assertEquals(4, CHUNKS.size());
        assertTrue(CHUNKS.get(0).hasDeclaredSize());
        assertEquals(10_000, CHUNKS.get(0).getDeclaredSize());
        assertFalse(CHUNKS.get(1).hasDeclaredSize());
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
    void whileItArrivesTheSnapshotIsInOneOwnerOnlyFileAndNoSecondStreamIsTaken() throws IOException {
        SnapshotReceiver first = receiver(1 << 20);
        assertNull(first.accept(CHUNKS.get(0)));
        List<Path> files = files();
        assertEquals(1, files.size());
        assertEquals(3_000, Files.size(files.get(0)));
        if (Files.getFileStore(files.get(0)).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0))));
        }
        SnapshotRefusedException busy = assertThrows(
                SnapshotRefusedException.class, () -> receiver(1 << 20).accept(CHUNKS.get(0)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, busy.status().getCode());
        assertTrue(busy.getMessage().contains("another snapshot"), busy.getMessage());

        first.abort();
        assertEquals(List.of(), files());
        Messages.assertSame(SNAP, feed(CHUNKS)); // the slot is free again
    }

    @Test
    void aFlippedByteIsCaughtByTheChunkCrc() {
        byte[] data = CHUNKS.get(1).getData().toByteArray();
        data[17] ^= 1;
        refused(
                Status.Code.DATA_LOSS,
                with(
                        1,
                        CHUNKS.get(1).toBuilder()
                                .setData(ByteString.copyFrom(data))
                                .build()),
                "CRC32C");
    }

    @Test
    void aChunkWithMatchingCrcButWrongDataIsCaughtBySha256() {
        byte[] data = CHUNKS.get(2).getData().toByteArray();
        data[0] ^= 1;
        SnapshotChunk forged = CHUNKS.get(2).toBuilder()
                .setData(ByteString.copyFrom(data))
                .setCrc32C(SnapshotChunks.crc32c(data, 0, data.length))
                .build();
        refused(Status.Code.DATA_LOSS, with(2, forged), "SHA-256");
    }

    @Test
    void aMissingChunkIsCaughtByItsOffset() {
        List<SnapshotChunk> gap = new ArrayList<>(CHUNKS);
        gap.remove(1);
        refused(Status.Code.DATA_LOSS, gap, "offset");
    }

    @Test
    void theFirstChunkMustCarryTheMsgSnapAndOnlyIt() {
        refused(Status.Code.INVALID_ARGUMENT, CHUNKS.subList(1, 4), "first chunk must carry a MsgSnap");
        refused(
                Status.Code.INVALID_ARGUMENT,
                with(
                        1,
                        CHUNKS.get(1).toBuilder()
                                .setMessage(CHUNKS.get(0).getMessage())
                                .build()),
                "only the first");
        refused(
                Status.Code.INVALID_ARGUMENT,
                with(1, CHUNKS.get(1).toBuilder().setDeclaredSize(10_000).build()),
                "only the first");
        SnapshotChunk heartbeat = CHUNKS.get(0).toBuilder()
                .setMessage(MessageCodec.toProto(Messages.heartbeat(1, 2)))
                .build();
        refused(Status.Code.INVALID_ARGUMENT, with(0, heartbeat), "MsgSnap");
    }

    @Test
    void theHeaderMustPassThePeerMessageCheck() {
        Message toSomeoneElse = SNAP.toBuilder()
                .to(3)
                .snapshot(new Snapshot(SNAP.snapshot().metadata(), null))
                .build();
        refused(
                Status.Code.INVALID_ARGUMENT,
                with(
                        0,
                        CHUNKS.get(0).toBuilder()
                                .setMessage(MessageCodec.toProto(toSomeoneElse))
                                .build()),
                "addressed to 3");
        Message hugeTerm = SNAP.toBuilder()
                .term(-1)
                .snapshot(new Snapshot(SNAP.snapshot().metadata(), null))
                .build();
        refused(
                Status.Code.INVALID_ARGUMENT,
                with(
                        0,
                        CHUNKS.get(0).toBuilder()
                                .setMessage(MessageCodec.toProto(hugeTerm))
                                .build()),
                "term above 2^63");
        SnapshotChunk inlineData = CHUNKS.get(0).toBuilder()
                .setMessage(CHUNKS.get(0).getMessage().toBuilder()
                        .setSnapshot(CHUNKS.get(0).getMessage().getSnapshot().toBuilder()
                                .setData(ByteString.copyFromUtf8("x"))))
                .build();
        refused(Status.Code.INVALID_ARGUMENT, with(0, inlineData), "leave the data to the chunks");
    }

    @Test
    void theSizeMustBeDeclaredAndWithinTheLimit() {
        refused(
                Status.Code.INVALID_ARGUMENT,
                with(0, CHUNKS.get(0).toBuilder().clearDeclaredSize().build()),
                "does not declare");
        SnapshotReceiver small = receiver(9_999);
        SnapshotRefusedException e = assertThrows(SnapshotRefusedException.class, () -> small.accept(CHUNKS.get(0)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.status().getCode());
        assertTrue(e.getMessage().contains("10000 bytes declared, this member takes at most 9999"), e.getMessage());
        refused(
                Status.Code.RESOURCE_EXHAUSTED,
                with(0, CHUNKS.get(0).toBuilder().setDeclaredSize(-1).build()),
                "18446744073709551615 bytes declared");
    }

    @Test
    void aStreamThatSendsMoreThanItDeclaredIsCutAtTheFirstExcessByte() {
        refused(
                Status.Code.INVALID_ARGUMENT,
                with(0, CHUNKS.get(0).toBuilder().setDeclaredSize(5_000).build()),
                "more data than the 5000 bytes declared");
        // Declaring more than is sent is caught at the last chunk.
        refused(
                Status.Code.DATA_LOSS,
                with(0, CHUNKS.get(0).toBuilder().setDeclaredSize(10_001).build()),
                "declared 10001");
        refused(
                Status.Code.DATA_LOSS,
                with(3, CHUNKS.get(3).toBuilder().setTotalSize(9_999).build()),
                "last chunk says 9999");
    }

    @Test
    void nothingIsTakenAfterTheEnd() {
        SnapshotReceiver r = receiver(1 << 20);
        Message done = null;
        for (SnapshotChunk c : CHUNKS) {
            done = r.accept(c);
        }
        assertNotNull(done);
        assertTrue(r.isComplete());
        assertThrows(SnapshotRefusedException.class, () -> r.accept(CHUNKS.get(3)));
    }

    @Test
    void staleSpoolFilesOfACrashAreRemovedAtStartAndOthersKept() throws IOException {
        Path incoming = spool.dir();
        Path stale = Files.write(incoming.resolve(SnapshotSpool.PREFIX + "123" + SnapshotSpool.SUFFIX), new byte[9]);
        Path foreign = Files.write(incoming.resolve("0000000000000001-0000000000000001.snap"), new byte[1]);
        SnapshotSpool restarted = new SnapshotSpool(Optional.of(incoming));
        restarted.prepare();
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(foreign), "only spool files are removed");
        restarted.close();
        assertTrue(Files.isDirectory(incoming), "a configured directory stays");
        Files.delete(foreign);
    }

    @Test
    void aTemporarySpoolIsPrivateAndRemovedOnClose() throws IOException {
        SnapshotSpool temporary = new SnapshotSpool(Optional.empty());
        temporary.prepare();
        Path d = temporary.dir();
        if (Files.getFileStore(d).supportsFileAttributeView("posix")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
        }
        assertNotNull(temporary.tryOpen());
        temporary.close();
        assertFalse(Files.exists(d));
    }
}
