package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.Ack;
import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.MessageCodec;
import io.etcdj.peer.Messages;
import io.etcdj.peer.Recorder;
import io.etcdj.peer.RemovalKind;
import io.etcdj.proto.PeerProto.StreamOpened;
import io.etcdj.proto.RaftPeerGrpc;
import io.etcdj.proto.RaftProto;
import io.etcdj.raft.ConfState;
import io.etcdj.raft.Entry;
import io.etcdj.raft.EntryType;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.etcdj.raft.PeerMessageCheck;
import io.etcdj.raft.Snapshot;
import io.etcdj.raft.SnapshotMetadata;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.grpc.testing.StreamRecorder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RaftPeer service's Send and unary RPCs, in process, fed absurd input: every message type with every field
 * absurd, unknown enum numbers and empty messages as raw bytes, handlers that fail. The service never throws out of
 * a call, never cuts a stream over one bad message, and passes on exactly what decodes (the consumer judges it with
 * {@link PeerMessageCheck}). The InstallSnapshot RPC has its own test, {@link RaftPeerServiceSnapshotTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RaftPeerServiceTest {
    private static final int WAIT_S = (int) Recorder.WAIT.toSeconds();

    @TempDir
    Path spoolDir;

    private final FailingRecorder handler = new FailingRecorder();
    private InProcessPeer peer;

    /** A handler that fails on a MsgApp carrying "boom", and on joins when told to. */
    static final class FailingRecorder extends Recorder {
        volatile boolean fail;
        volatile boolean answerNull;

        @Override
        public void onMessage(Message message) {
            if (!message.entries().isEmpty()
                    && "boom".equals(new String(message.entries().get(0).data(), StandardCharsets.UTF_8))) {
                throw new IllegalStateException("raft loop stopped");
            }
            super.onMessage(message);
        }

        @Override
        public JoinResponse onJoin(JoinRequest request) {
            if (fail) {
                throw new IllegalStateException("cannot join now");
            }
            return answerNull ? null : super.onJoin(request);
        }

        @Override
        public Ack onRemove(String name, RemovalKind kind) {
            return answerNull ? null : super.onRemove(name, kind);
        }
    }

    @BeforeEach
    void start() throws Exception {
        peer = new InProcessPeer(spoolDir, handler, 1 << 20, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws Exception {
        peer.close();
    }

    /** Every field absurd: uint64s past 2^63, ids that are no member's, a long context, a broken log and snapshot. */
    static Message absurd(MessageType type) {
        Snapshot snapshot = new Snapshot(new SnapshotMetadata(-1, Long.MAX_VALUE, ConfState.of(0, -7)), new byte[3]);
        return Message.builder(type)
                .from(0)
                .to(-1)
                .term(-1)
                .logTerm(Long.MIN_VALUE)
                .index(Long.MAX_VALUE)
                .commit(-1)
                .reject(true)
                .rejectHint(-2)
                .context(new byte[4096])
                .snapshot(snapshot)
                .entries(List.of(Entry.normal(-1, 5, new byte[] {1}), new Entry(0, -9, EntryType.CONF_CHANGE, null)))
                .build();
    }

    /** Opens a Send stream with raw bytes, returning the request side; answers go to {@code opened}. */
    private StreamObserver<byte[]> rawSend(StreamRecorder<byte[]> opened) {
        return ClientCalls.asyncBidiStreamingCall(
                peer.channel.newCall(RawCalls.raw(RaftPeerGrpc.getSendMethod()), CallOptions.DEFAULT), opened);
    }

    /** What the handler received up to (and without) the marker heartbeat; messages on one stream keep their order. */
    private List<Message> receivedUntilMarker() throws InterruptedException {
        List<Message> got = new ArrayList<>();
        while (true) {
            Message m = Recorder.next(handler.messages, "the marker heartbeat");
            if (m.type() == MessageType.MsgHeartbeat && m.from() == 1 && m.term() == 3) {
                return got;
            }
            got.add(m);
        }
    }

    @Test
    void everyTypeWithEveryFieldAbsurdIsPassedOnAsItCameAndTheStreamGoesOn() throws Exception {
        StreamRecorder<StreamOpened> opened = StreamRecorder.create();
        StreamObserver<RaftProto.Message> send =
                RaftPeerGrpc.newStub(peer.channel).send(opened);
        for (MessageType type : MessageType.values()) {
            send.onNext(MessageCodec.toProto(absurd(type)));
        }
        send.onNext(MessageCodec.toProto(Messages.heartbeat(1, 2)));

        List<Message> got = receivedUntilMarker();
        assertEquals(MessageType.values().length, got.size());
        for (int i = 0; i < got.size(); i++) {
            Message expected = absurd(MessageType.values()[i]);
            Messages.assertSame(expected, got.get(i));
            // Passed on, and the consumer's check refuses each one.
            assertNotNull(PeerMessageCheck.check(got.get(i), InProcessPeer.ID), expected.toString());
        }
        send.onCompleted();
        assertTrue(opened.awaitCompletion(WAIT_S, TimeUnit.SECONDS));
        assertNull(opened.getError());
        assertEquals(InProcessPeer.ID, opened.getValues().get(0).getReceiverId());
    }

    @Test
    void rawBytesThatDoNotDecodeAreDroppedAndTheStreamGoesOn() throws Exception {
        StreamRecorder<byte[]> opened = StreamRecorder.create();
        StreamObserver<byte[]> send = rawSend(opened);
        byte[] unknownType = {0x08, 99, 0x10, 0x01, 0x18, 0x02}; // type 99, from 1, to 2
        byte[] unknownEntryType = {0x08, 0x03, 0x3a, 0x02, 0x18, 0x07}; // MsgApp, entry of type 7
        byte[] unknownNegativeType = {0x08, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}; // type -1
        byte[] unknownFieldsOnly = {(byte) 0xf8, 0x3f, 0x01}; // field 1023 = 1: ignored
        send.onNext(unknownType);
        send.onNext(unknownEntryType);
        send.onNext(unknownNegativeType);
        send.onNext(new byte[0]); // the five zero bytes of the issue: an empty message
        send.onNext(unknownFieldsOnly);
        send.onNext(MessageCodec.toProto(Messages.heartbeat(1, 2)).toByteArray());

        List<Message> got = receivedUntilMarker();
        // The undecodable ones never reach the handler; an empty message decodes (as MsgHup, all zero), and is
        // passed on for the consumer to refuse: it is a local type.
        assertEquals(2, got.size(), got.toString());
        for (Message m : got) {
            assertEquals(MessageType.MsgHup, m.type());
            assertEquals("local message type MsgHup", PeerMessageCheck.check(m, InProcessPeer.ID));
        }
        send.onCompleted();
        assertTrue(opened.awaitCompletion(WAIT_S, TimeUnit.SECONDS));
        assertNull(opened.getError(), "the stream ended cleanly");
    }

    @Test
    void bytesThatAreNoProtobufEndOnlyThatStream() throws Exception {
        StreamRecorder<byte[]> opened = StreamRecorder.create();
        StreamObserver<byte[]> send = rawSend(opened);
        send.onNext(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}); // field 0 / truncated varint: no protobuf
        assertTrue(opened.awaitCompletion(WAIT_S, TimeUnit.SECONDS));
        assertNotNull(opened.getError(), "gRPC ends a call whose message does not parse");
        assertTrue(handler.messages.isEmpty());

        StreamObserver<RaftProto.Message> next =
                RaftPeerGrpc.newStub(peer.channel).send(StreamRecorder.create());
        next.onNext(MessageCodec.toProto(Messages.heartbeat(1, 2)));
        assertEquals(List.of(), receivedUntilMarker());
        next.onCompleted();
    }

    @Test
    void aHandlerThatThrowsDoesNotCutTheStream() throws Exception {
        StreamRecorder<StreamOpened> opened = StreamRecorder.create();
        StreamObserver<RaftProto.Message> send =
                RaftPeerGrpc.newStub(peer.channel).send(opened);
        send.onNext(MessageCodec.toProto(Messages.app(1, 2, 5, "boom")));
        send.onNext(MessageCodec.toProto(Messages.app(1, 2, 6, "after")));
        send.onNext(MessageCodec.toProto(Messages.app(1, 2, 7, "boom")));
        send.onNext(MessageCodec.toProto(Messages.heartbeat(1, 2)));
        List<Message> got = receivedUntilMarker();
        assertEquals(1, got.size(), got.toString());
        Messages.assertSame(Messages.app(1, 2, 6, "after"), got.get(0));
        send.onCompleted();
        assertTrue(opened.awaitCompletion(WAIT_S, TimeUnit.SECONDS));
        assertNull(opened.getError());
    }

    @Test
    void transferToAnIdThatIsNoMembersIsRefusedBeforeTheHandler() throws Exception {
        RaftPeerGrpc.RaftPeerBlockingStub stub = RaftPeerGrpc.newBlockingStub(peer.channel);
        for (long transferee : new long[] {0, -1, Long.MIN_VALUE}) {
            StatusRuntimeException e = assertThrows(
                    StatusRuntimeException.class,
                    () -> stub.transferLeadership(RaftProto.TransferLeadershipRequest.newBuilder()
                            .setTransferee(transferee)
                            .build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        }
        // An empty request is transferee 0 too.
        StreamRecorder<byte[]> empty = StreamRecorder.create();
        ClientCalls.asyncUnaryCall(
                peer.channel.newCall(RawCalls.raw(RaftPeerGrpc.getTransferLeadershipMethod()), CallOptions.DEFAULT),
                new byte[0],
                empty);
        assertEquals(
                Status.Code.INVALID_ARGUMENT,
                Status.fromThrowable(awaitError(empty)).getCode());
        assertTrue(handler.calls.isEmpty(), handler.calls.toString());

        assertTrue(stub.transferLeadership(RaftProto.TransferLeadershipRequest.newBuilder()
                        .setTransferee(5)
                        .build())
                .getOk());
        assertEquals(List.of("transfer 5"), List.copyOf(handler.calls));
    }

    @Test
    void membershipCallsWithEmptyOrHugeFieldsReachTheHandlerWhichDecides() throws Exception {
        StreamRecorder<byte[]> join = StreamRecorder.create();
        ClientCalls.asyncUnaryCall(
                peer.channel.newCall(RawCalls.raw(RaftPeerGrpc.getJoinMethod()), CallOptions.DEFAULT),
                new byte[0],
                join);
        assertTrue(join.awaitCompletion(WAIT_S, TimeUnit.SECONDS));
        assertNull(join.getError());
        assertTrue(RaftProto.JoinResponse.parseFrom(join.getValues().get(0)).getOk());
        assertEquals("join ", Recorder.next(handler.calls, "the call"));

        RaftPeerGrpc.RaftPeerBlockingStub stub = RaftPeerGrpc.newBlockingStub(peer.channel);
        String huge = "n".repeat(1 << 20);
        assertTrue(stub.join(RaftProto.JoinRequest.newBuilder()
                        .setName(huge)
                        .setPeerUrl("\u0000")
                        .setClientUrl("x".repeat(1000))
                        .build())
                .getOk());
        assertEquals("join " + huge, Recorder.next(handler.calls, "the call"));
        assertTrue(stub.remove(RaftProto.RemoveRequest.getDefaultInstance()).getOk());
        assertEquals("unspecified ", Recorder.next(handler.calls, "the call"));
        // (Messages over the size limit are refused by gRPC itself: see PeerPortRawBytesTest, on a real port; the
        // in-process transport does not apply the limit.)
    }

    @Test
    void aRemoveCallReachesTheHandlerWithItsKindAndAnUnknownKindIsRefusedBeforeIt() throws Exception {
        RaftPeerGrpc.RaftPeerBlockingStub stub = RaftPeerGrpc.newBlockingStub(peer.channel);
        // Wire codes, as an old or a current member sends them: 0 (no kind), 1 (request), 2 (notice).
        for (int code = 0; code <= 2; code++) {
            assertTrue(stub.remove(RaftProto.RemoveRequest.newBuilder()
                            .setName("m" + code)
                            .setKindValue(code)
                            .build())
                    .getOk());
        }
        assertEquals("unspecified m0", Recorder.next(handler.calls, "code 0"));
        assertEquals("remove m1", Recorder.next(handler.calls, "code 1"));
        assertEquals("notice m2", Recorder.next(handler.calls, "code 2"));

        RaftProto.Ack unknown = stub.remove(RaftProto.RemoveRequest.newBuilder()
                .setName("m9")
                .setKindValue(9)
                .build());
        assertFalse(unknown.getOk());
        assertTrue(unknown.getError().contains("unknown kind of removal 9"), unknown.getError());
        assertTrue(handler.calls.isEmpty(), "the handler never saw it: " + handler.calls);
    }

    @Test
    void aFailingOrSilentHandlerBecomesInternalAndTheServiceGoesOn() {
        RaftPeerGrpc.RaftPeerBlockingStub stub = RaftPeerGrpc.newBlockingStub(peer.channel);
        RaftProto.JoinRequest request =
                RaftProto.JoinRequest.newBuilder().setName("n").build();
        handler.fail = true;
        StatusRuntimeException failed = assertThrows(StatusRuntimeException.class, () -> stub.join(request));
        assertEquals(Status.Code.INTERNAL, failed.getStatus().getCode());
        assertTrue(failed.getStatus().getDescription().contains("cannot join now"), failed.toString());
        handler.fail = false;
        handler.answerNull = true;
        assertEquals(
                Status.Code.INTERNAL,
                assertThrows(StatusRuntimeException.class, () -> stub.join(request))
                        .getStatus()
                        .getCode());
        assertEquals(
                Status.Code.INTERNAL,
                assertThrows(
                                StatusRuntimeException.class,
                                () -> stub.remove(RaftProto.RemoveRequest.getDefaultInstance()))
                        .getStatus()
                        .getCode());
        handler.answerNull = false;
        RaftProto.JoinResponse ok = stub.join(request);
        assertTrue(ok.getOk());
        assertArrayEquals(
                new long[] {1, 7},
                ok.getMembersList().stream().mapToLong(RaftProto.Member::getId).toArray());
    }

    private static Throwable awaitError(StreamRecorder<?> recorder) throws Exception {
        assertTrue(recorder.awaitCompletion(WAIT_S, TimeUnit.SECONDS), "no answer");
        assertNotNull(recorder.getError(), "expected an error, got " + recorder.getValues());
        return recorder.getError();
    }
}
