package io.etcdj.peer.grpc;

import io.etcdj.proto.PeerProto.SnapshotChunk;
import io.etcdj.proto.RaftPeerGrpc;
import io.etcdj.proto.RaftProto;
import io.etcdj.raft.MemberIds;
import io.etcdj.raft.Message;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One InstallSnapshot call, run to the end on a snapshot thread: chunks are written as the peer's flow control
 * allows (never more than one chunk buffered), then the peer's verdict is awaited within the call's deadline.
 */
final class SnapshotUpload implements ClientResponseObserver<SnapshotChunk, RaftProto.Ack> {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotUpload.class);
    private final CompletableFuture<RaftProto.Ack> verdict = new CompletableFuture<>();
    private final Object readyLock = new Object();
    private volatile ClientCallStreamObserver<SnapshotChunk> requests;

    /** True if the peer received and verified the whole snapshot. */
    static boolean run(RaftPeerGrpc.RaftPeerStub stub, Message msgSnap, int chunkBytes, Duration timeout)
            throws InterruptedException {
        SnapshotUpload upload = new SnapshotUpload();
        stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).installSnapshot(upload);
        boolean sentAll = true;
        TransferProgress progress = new TransferProgress(
                "sending snapshot at index " + msgSnap.snapshot().metadata().index() + " to "
                        + MemberIds.hex(msgSnap.to()),
                msgSnap.snapshot().data().length);
        for (SnapshotChunk chunk : SnapshotChunks.of(msgSnap, chunkBytes)) {
            if (!upload.awaitReady()) {
                sentAll = false; // the call ended early: the verdict says why
                break;
            }
            upload.requests.onNext(chunk);
            progress.add(chunk.getData().size());
        }
        if (sentAll) {
            upload.requests.onCompleted();
        }
        try {
            boolean ok = upload.verdict
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .getOk();
            if (ok) {
                progress.done();
            } else {
                progress.failed();
            }
            return ok;
        } catch (ExecutionException e) {
            progress.failed();
            // The receiver's reason (busy with another snapshot, too large, damaged) is for the operator.
            LOG.warn("snapshot to {} failed: {}", MemberIds.hex(msgSnap.to()), Status.fromThrowable(e.getCause()));
            return false;
        } catch (TimeoutException e) {
            progress.failed();
            upload.requests.cancel("no verdict", e);
            LOG.warn("snapshot to {} got no answer within {}", MemberIds.hex(msgSnap.to()), timeout);
            return false;
        }
    }

    /** Waits until the stream takes another chunk; false once the call has ended (refused, broken, deadline). */
    private boolean awaitReady() throws InterruptedException {
        synchronized (readyLock) {
            while (!verdict.isDone() && !requests.isReady()) {
                readyLock.wait();
            }
            return !verdict.isDone();
        }
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SnapshotChunk> requestStream) {
        requests = requestStream;
        requestStream.setOnReadyHandler(this::signal);
    }

    @Override
    public void onNext(RaftProto.Ack ack) {
        verdict.complete(ack);
        signal();
    }

    @Override
    public void onError(Throwable t) {
        verdict.completeExceptionally(t);
        signal();
    }

    @Override
    public void onCompleted() {
        verdict.complete(
                RaftProto.Ack.newBuilder().setOk(false).setError("no answer").build());
        signal();
    }

    private void signal() {
        synchronized (readyLock) {
            readyLock.notifyAll();
        }
    }
}
