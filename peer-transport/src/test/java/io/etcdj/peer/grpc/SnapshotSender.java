package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.etcdj.peer.Recorder;
import io.etcdj.proto.PeerProto.SnapshotChunk;
import io.etcdj.proto.RaftPeerGrpc;
import io.etcdj.proto.RaftProto;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A test's InstallSnapshot client, chunk by chunk: it can stop half-way, cancel, or lie in its chunks. It honours
 * flow control as a real sender does, and every wait is bounded.
 */
final class SnapshotSender implements ClientResponseObserver<SnapshotChunk, RaftProto.Ack> {
    final CompletableFuture<RaftProto.Ack> result = new CompletableFuture<>();
    private final Object ready = new Object();
    private volatile ClientCallStreamObserver<SnapshotChunk> requests;

    static SnapshotSender open(Channel channel) {
        SnapshotSender s = new SnapshotSender();
        RaftPeerGrpc.newStub(channel).installSnapshot(s);
        return s;
    }

    /** Sends the chunks while the call lasts; returns how many went out before it ended (all, if it did not). */
    int send(List<SnapshotChunk> chunks) throws InterruptedException {
        int sent = 0;
        for (SnapshotChunk c : chunks) {
            if (!awaitReady()) {
                return sent;
            }
            requests.onNext(c);
            sent++;
        }
        return sent;
    }

    void complete() {
        requests.onCompleted();
    }

    void cancel() {
        requests.cancel("test abandons the upload", null);
    }

    RaftProto.Ack awaitAck() throws Exception {
        return result.get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for the call to fail; returns its status, checking its code and that the description names the cause. */
    Status awaitRefusal(Status.Code code, String descriptionPart) throws Exception {
        try {
            RaftProto.Ack ack = awaitAck();
            fail("expected " + code + ", got " + ack);
            return null;
        } catch (ExecutionException e) {
            Status status = Status.fromThrowable(e.getCause());
            assertEquals(code, status.getCode(), String.valueOf(status));
            assertTrue(String.valueOf(status.getDescription()).contains(descriptionPart), String.valueOf(status));
            return status;
        }
    }

    private boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        synchronized (ready) {
            while (!result.isDone() && !requests.isReady()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("the stream never became ready for the next chunk");
                }
                TimeUnit.NANOSECONDS.timedWait(ready, left);
            }
        }
        return !result.isDone();
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SnapshotChunk> requestStream) {
        requests = requestStream;
        requestStream.setOnReadyHandler(this::signal);
    }

    @Override
    public void onNext(RaftProto.Ack ack) {
        result.complete(ack);
        signal();
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
        signal();
    }

    @Override
    public void onCompleted() {
        result.complete(null);
        signal();
    }

    private void signal() {
        synchronized (ready) {
            ready.notifyAll();
        }
    }
}
