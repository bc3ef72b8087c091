package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.etcdj.peer.Messages;
import io.etcdj.peer.Recorder;
import io.etcdj.proto.PeerProto.SnapshotChunk;
import io.etcdj.proto.RaftPeerGrpc;
import io.etcdj.proto.RaftProto;
import io.etcdj.raft.Message;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A damaged snapshot sent over the wire is refused with DATA_LOSS and never reaches the handler. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrpcSnapshotRefusalTest {
    private final Recorder recorder = new Recorder();
    private GrpcPeerTransport receiver;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        receiver = new GrpcPeerTransport(
                2,
                new InetSocketAddress("127.0.0.1", 0),
                recorder,
                recorder,
                null,
                GrpcPeerTransportContractTest.testConfig());
        receiver.start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", receiver.port())
                .usePlaintext()
                .build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        receiver.close();
    }

    /** Streams the chunks and returns the call's outcome. */
    private RaftProto.Ack upload(List<SnapshotChunk> chunks) throws Exception {
        CompletableFuture<RaftProto.Ack> result = new CompletableFuture<>();
        StreamObserver<SnapshotChunk> requests = RaftPeerGrpc.newStub(channel).installSnapshot(new StreamObserver<>() {
            @Override
            public void onNext(RaftProto.Ack ack) {
                result.complete(ack);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.complete(null);
            }
        });
        chunks.forEach(requests::onNext);
        requests.onCompleted();
        return result.get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aCorruptedChunkIsRefusedAndNothingIsDelivered() throws Exception {
        Message snap = Messages.snap(1, 2, 50_000, 3);
        List<SnapshotChunk> chunks = new ArrayList<>(SnapshotChunks.of(snap, 8_192));
        byte[] data = chunks.get(2).getData().toByteArray();
        data[100] ^= 0x40;
        chunks.set(
                2, chunks.get(2).toBuilder().setData(ByteString.copyFrom(data)).build());

        ExecutionException e = assertThrows(ExecutionException.class, () -> upload(chunks));
        assertEquals(Status.Code.DATA_LOSS, Status.fromThrowable(e.getCause()).getCode());
        assertTrue(recorder.snapshots.isEmpty());

        // The same transport still takes an intact snapshot afterwards.
        assertTrue(upload(SnapshotChunks.of(snap, 8_192)).getOk());
        Messages.assertSame(snap, Recorder.next(recorder.snapshots, "intact snapshot"));
    }

    @Test
    void aStreamThatStopsBeforeItsLastChunkIsRefused() throws Exception {
        List<SnapshotChunk> chunks = SnapshotChunks.of(Messages.snap(1, 2, 50_000, 4), 8_192);
        ExecutionException e = assertThrows(ExecutionException.class, () -> upload(chunks.subList(0, 3)));
        assertEquals(Status.Code.DATA_LOSS, Status.fromThrowable(e.getCause()).getCode());
        assertTrue(recorder.snapshots.isEmpty());
    }
}
