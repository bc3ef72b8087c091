package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.etcdj.peer.MessageCodec;
import io.etcdj.peer.Messages;
import io.etcdj.peer.Recorder;
import io.etcdj.proto.PeerProto.SnapshotChunk;
import io.etcdj.proto.RaftPeerGrpc;
import io.etcdj.raft.ConfState;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.etcdj.raft.Snapshot;
import io.etcdj.raft.SnapshotMetadata;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.testing.StreamRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * InstallSnapshot, in process, against senders that lie, stall, cancel, run two streams at once or send far more
 * than the receiver takes. The service answers each with a clear status, the handler sees only whole verified
 * snapshots, the data goes to one spool file (never into memory until it verifies) and the spool directory is empty
 * once every stream is over.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RaftPeerServiceSnapshotTest {
    static final int CHUNK = 256 * 1024;
    static final int LIMIT = 16 << 20;

    @TempDir
    Path spoolDir;

    private final Recorder handler = new Recorder();
    private InProcessPeer peer;

    private InProcessPeer start(long maxSnapshotBytes, Duration timeout) throws Exception {
        peer = new InProcessPeer(spoolDir, handler, maxSnapshotBytes, timeout);
        return peer;
    }

    @AfterEach
    void everyStreamOverAndNothingLeft() throws Exception {
        if (peer != null) {
            peer.awaitSpool(List::isEmpty, "no file once every stream is over");
            peer.close();
        }
    }

    private static List<SnapshotChunk> chunks(Message snap) {
        return SnapshotChunks.of(snap, CHUNK);
    }

    private static List<SnapshotChunk> replace(List<SnapshotChunk> chunks, int i, SnapshotChunk c) {
        List<SnapshotChunk> copy = new ArrayList<>(chunks);
        copy.set(i, c);
        return copy;
    }

    @Test
    void theDataGoesToAnOwnerOnlySpoolFileAsItArrivesAndTheHandlerGetsItWhole() throws Exception {
        start(LIMIT, Duration.ofSeconds(60));
        Message snap = Messages.snap(1, 2, 3 * 1024 * 1024 + 17, 5);
        List<SnapshotChunk> all = chunks(snap);
        SnapshotSender sender = SnapshotSender.open(peer.channel);
        assertEquals(4, sender.send(all.subList(0, 4)));
        Path file = peer.awaitSpool(f -> f.size() == 1 && sizeOf(f.get(0)) == 4L * CHUNK, "4 chunks on disk")
                .get(0);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertTrue(handler.snapshots.isEmpty(), "nothing is handed on before the last chunk");
        sender.send(all.subList(4, all.size()));
        sender.complete();
        assertTrue(sender.awaitAck().getOk());
        Messages.assertSame(snap, Recorder.next(handler.snapshots, "the snapshot"));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1; // removed meanwhile
        }
    }

    @Test
    void aHeaderNoPeerMaySendIsRefusedBeforeAnyDataIsTaken() throws Exception {
        start(LIMIT, Duration.ofSeconds(60));
        List<SnapshotChunk> good = chunks(Messages.snap(1, 2, 1000, 1));
        Message header = MessageCodec.fromProto(good.get(0).getMessage());
        Message[] bad = {
            header.toBuilder().to(3).build(), // someone else's
            header.toBuilder().from(2).build(), // claims to be us
            header.toBuilder().term(-1).build(), // term 2^64 - 1
            header.toBuilder()
                    .snapshot(new Snapshot(new SnapshotMetadata(0, 4, ConfState.of(1)), null))
                    .build(), // empty snapshot
        };
        for (Message m : bad) {
            SnapshotSender sender = SnapshotSender.open(peer.channel);
            sender.send(replace(
                    good,
                    0,
                    good.get(0).toBuilder().setMessage(MessageCodec.toProto(m)).build()));
            sender.complete();
            sender.awaitRefusal(Status.Code.INVALID_ARGUMENT, "MsgSnap refused");
        }
        SnapshotSender hup = SnapshotSender.open(peer.channel);
        hup.send(replace(
                good,
                0,
                good.get(0).toBuilder()
                        .setMessage(MessageCodec.toProto(Message.builder(MessageType.MsgHup)
                                .from(1)
                                .to(2)
                                .build()))
                        .build()));
        hup.awaitRefusal(Status.Code.INVALID_ARGUMENT, "must carry a MsgSnap");
        assertTrue(handler.snapshots.isEmpty());
    }

    @Test
    void rawEmptyAndUnknownChunksAreRefused() throws Exception {
        start(LIMIT, Duration.ofSeconds(60));
        for (byte[] raw : new byte[][] {new byte[0], {0x0a, 0x02, 0x08, 0x63}}) { // empty; message of type 99
            StreamRecorder<byte[]> answer = StreamRecorder.create();
            var requests = ClientCalls.asyncClientStreamingCall(
                    peer.channel.newCall(RawCalls.raw(RaftPeerGrpc.getInstallSnapshotMethod()), CallOptions.DEFAULT),
                    answer);
            requests.onNext(raw);
            requests.onCompleted();
            assertTrue(answer.awaitCompletion((int) Recorder.WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(
                    Status.Code.INVALID_ARGUMENT,
                    Status.fromThrowable(answer.getError()).getCode());
        }
        SnapshotSender nothing = SnapshotSender.open(peer.channel);
        nothing.complete();
        nothing.awaitRefusal(Status.Code.DATA_LOSS, "ended before its last chunk");
        assertTrue(handler.snapshots.isEmpty());
    }

    @Test
    void aSenderThatLiesAboutTheSizeIsCut() throws Exception {
        start(LIMIT, Duration.ofSeconds(60));
        List<SnapshotChunk> good = chunks(Messages.snap(1, 2, 5 * CHUNK, 2));
        SnapshotSender more = SnapshotSender.open(peer.channel);
        int sent = more.send(replace(
                good, 0, good.get(0).toBuilder().setDeclaredSize(CHUNK + 10).build()));
        more.awaitRefusal(Status.Code.INVALID_ARGUMENT, "more data than the " + (CHUNK + 10) + " bytes declared");

        SnapshotSender less = SnapshotSender.open(peer.channel);
        less.send(replace(
                good, 0, good.get(0).toBuilder().setDeclaredSize(6L * CHUNK).build()));
        less.complete();
        less.awaitRefusal(Status.Code.DATA_LOSS, "declared " + 6L * CHUNK);

        SnapshotSender undeclared = SnapshotSender.open(peer.channel);
        undeclared.send(
                replace(good, 0, good.get(0).toBuilder().clearDeclaredSize().build()));
        undeclared.awaitRefusal(Status.Code.INVALID_ARGUMENT, "does not declare");
        assertTrue(handler.snapshots.isEmpty());
        assertTrue(sent <= good.size());
    }

    @Test
    void aDamagedChunkIsRefusedAndTheNextSnapshotIsTaken() throws Exception {
        start(LIMIT, Duration.ofSeconds(60));
        Message snap = Messages.snap(1, 2, 3 * CHUNK, 3);
        List<SnapshotChunk> good = chunks(snap);
        byte[] data = good.get(1).getData().toByteArray();
        data[1234] ^= 0x10;
        SnapshotSender bad = SnapshotSender.open(peer.channel);
        bad.send(replace(
                good,
                1,
                good.get(1).toBuilder().setData(ByteString.copyFrom(data)).build()));
        bad.awaitRefusal(Status.Code.DATA_LOSS, "CRC32C");

        SnapshotSender next = SnapshotSender.open(peer.channel);
        next.send(good);
        next.complete();
        assertTrue(next.awaitAck().getOk());
        Messages.assertSame(snap, Recorder.next(handler.snapshots, "the intact snapshot"));
        assertTrue(handler.snapshots.isEmpty());
    }

    @Test
    void aSecondConcurrentStreamIsRefusedAtOnceAndTheFirstCompletes() throws Exception {
        start(LIMIT, Duration.ofSeconds(60));
        Message first = Messages.snap(1, 2, 4 * CHUNK, 4);
        List<SnapshotChunk> firstChunks = chunks(first);
        SnapshotSender a = SnapshotSender.open(peer.channel);
        a.send(firstChunks.subList(0, 2));
        peer.awaitSpool(f -> f.size() == 1, "the first stream's spool file");

        SnapshotSender b = SnapshotSender.open(peer.channel);
        b.send(chunks(Messages.snap(1, 2, 4 * CHUNK, 5)).subList(0, 1));
        b.awaitRefusal(Status.Code.RESOURCE_EXHAUSTED, "another snapshot is being received");

        a.send(firstChunks.subList(2, firstChunks.size()));
        a.complete();
        assertTrue(a.awaitAck().getOk());
        Messages.assertSame(first, Recorder.next(handler.snapshots, "the first snapshot"));
        assertTrue(handler.snapshots.isEmpty(), "only one snapshot went through");
    }

    @Test
    void aStreamAbandonedHalfWayFreesTheSlotAndLeavesNoFile() throws Exception {
        start(LIMIT, Duration.ofSeconds(60));
        Message snap = Messages.snap(1, 2, 4 * CHUNK, 6);
        SnapshotSender quitter = SnapshotSender.open(peer.channel);
        quitter.send(chunks(snap).subList(0, 2));
        peer.awaitSpool(f -> f.size() == 1, "the spool file");
        quitter.cancel();
        peer.awaitSpool(List::isEmpty, "the file removed after the cancel");

        SnapshotSender next = SnapshotSender.open(peer.channel);
        next.send(chunks(snap));
        next.complete();
        assertTrue(next.awaitAck().getOk());
        Messages.assertSame(snap, Recorder.next(handler.snapshots, "the next snapshot"));
    }

    @Test
    void aSenderThatStallsWithoutClosingIsCutAtTheDeadline() throws Exception {
        start(LIMIT, Duration.ofSeconds(1));
        Message snap = Messages.snap(1, 2, 4 * CHUNK, 7);
        SnapshotSender staller = SnapshotSender.open(peer.channel);
        staller.send(chunks(snap).subList(0, 1));
        staller.awaitRefusal(Status.Code.DEADLINE_EXCEEDED, "not finished within");
        peer.awaitSpool(List::isEmpty, "the stalled stream's file removed");

        SnapshotSender next = SnapshotSender.open(peer.channel);
        next.send(chunks(Messages.snap(1, 2, 10, 8)));
        next.complete();
        assertTrue(next.awaitAck().getOk());
        assertNotNull(Recorder.next(handler.snapshots, "the next snapshot"));
    }

    /** The upload: 67 MiB, into a member whose limit is 16 MiB. */
    @Test
    void a67MiBUploadIntoASmallerLimitIsRefusedUpFrontOrAtItsFirstExcessByte() throws Exception {
        start(LIMIT, Duration.ofSeconds(60));
        Message big = Messages.snap(1, 2, 67 << 20, 9);
        List<SnapshotChunk> all = SnapshotChunks.of(big, 1 << 20);

        SnapshotSender honest = SnapshotSender.open(peer.channel);
        int sentHonest = honest.send(all);
        honest.awaitRefusal(
                Status.Code.RESOURCE_EXHAUSTED, (67 << 20) + " bytes declared, this member takes at most " + LIMIT);

        SnapshotSender liar = SnapshotSender.open(peer.channel);
        int sentLiar = liar.send(
                replace(all, 0, all.get(0).toBuilder().setDeclaredSize(1 << 20).build()));
        liar.awaitRefusal(Status.Code.INVALID_ARGUMENT, "more data than the " + (1 << 20) + " bytes declared");
        assertTrue(handler.snapshots.isEmpty());
        // Flow control held both senders back: the refusal came long before the 67 chunks were out.
        assertTrue(sentHonest < all.size() && sentLiar < all.size(), sentHonest + ", " + sentLiar);
    }
}
