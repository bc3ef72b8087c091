package io.etcdj.peer.grpc;

import io.etcdj.peer.InboundHandler;
import io.etcdj.proto.PeerProto.SnapshotChunk;
import io.etcdj.proto.RaftProto;
import io.etcdj.raft.Message;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server side of one InstallSnapshot call: feeds the chunks to a {@link SnapshotReceiver}, hands a verified
 * snapshot to the handler, and answers. A call lasts at most {@code timeout}, whatever the sender does (it may stall
 * half-way without closing), so that it cannot hold the one receiving slot for ever. gRPC calls the observer
 * methods one at a time; the deadline comes from a timer thread, hence the lock.
 */
final class InstallSnapshotCall implements StreamObserver<SnapshotChunk> {
    private final SnapshotReceiver receiver;
    private final StreamObserver<RaftProto.Ack> done;
    private final InboundHandler handler;
    private final WarnLimiter warnings;
    private final Duration timeout;
    private ScheduledFuture<?> deadline;
    private boolean over;

    private InstallSnapshotCall(
            SnapshotReceiver receiver,
            StreamObserver<RaftProto.Ack> done,
            InboundHandler handler,
            WarnLimiter warnings,
            Duration timeout) {
        this.receiver = receiver;
        this.done = done;
        this.handler = handler;
        this.warnings = warnings;
        this.timeout = timeout;
    }

    static InstallSnapshotCall start(
            SnapshotReceiver receiver,
            StreamObserver<RaftProto.Ack> done,
            InboundHandler handler,
            WarnLimiter warnings,
            ScheduledExecutorService timer,
            Duration timeout) {
        InstallSnapshotCall call = new InstallSnapshotCall(receiver, done, handler, warnings, timeout);
        synchronized (call) {
            call.deadline = timer.schedule(call::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return call;
    }

    @Override
    public synchronized void onNext(SnapshotChunk chunk) {
        if (over) {
            return;
        }
        Message msgSnap;
        try {
            msgSnap = receiver.accept(chunk);
        } catch (SnapshotRefusedException e) {
            refuse(e.status());
            return;
        } catch (RuntimeException e) {
            receiver.abort();
            refuse(Status.INTERNAL.withDescription("receiving the snapshot failed: " + e));
            return;
        }
        if (msgSnap == null) {
            return;
        }
        try {
            handler.onSnapshot(msgSnap);
        } catch (RuntimeException e) {
            refuse(Status.INTERNAL.withDescription("the receiver could not take the snapshot: " + e));
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        // The sender cancelled or the connection broke: drop the partial data; the sender reports the failure.
        over = true;
        deadline.cancel(false);
        receiver.abort();
    }

    @Override
    public synchronized void onCompleted() {
        if (over) {
            return;
        }
        if (!receiver.isComplete()) {
            receiver.abort();
            refuse(Status.DATA_LOSS.withDescription("snapshot stream ended before its last chunk"));
            return;
        }
        over = true;
        deadline.cancel(false);
        try {
            done.onNext(RaftProto.Ack.newBuilder().setOk(true).build());
            done.onCompleted();
        } catch (RuntimeException e) {
            // cancelled meanwhile: nobody is listening for the answer
        }
    }

    private synchronized void expire() {
        if (over) {
            return;
        }
        receiver.abort();
        refuse(Status.DEADLINE_EXCEEDED.withDescription("snapshot stream not finished within " + timeout));
    }

    private void refuse(Status status) {
        over = true;
        deadline.cancel(false);
        warnings.warn("refused a snapshot stream: " + status.getCode() + " " + status.getDescription());
        try {
            done.onError(status.asRuntimeException());
        } catch (RuntimeException e) {
            // cancelled meanwhile
        }
    }
}
