package io.etcdj.peer.grpc;

import io.etcdj.peer.Ack;
import io.etcdj.peer.InboundHandler;
import io.etcdj.peer.MessageCodec;
import io.etcdj.peer.PeerTraffic;
import io.etcdj.peer.RemovalKind;
import io.etcdj.proto.PeerProto.SnapshotChunk;
import io.etcdj.proto.PeerProto.StreamOpened;
import io.etcdj.proto.RaftPeerGrpc;
import io.etcdj.proto.RaftProto;
import io.etcdj.raft.MemberIds;
import io.etcdj.raft.Message;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the RaftPeer service: turns gRPC calls into {@link InboundHandler} calls. A plain
 * {@code BindableService}, so it can be served by Jetty's GrpcServlet (as now) or by grpc-netty-shaded's server.
 */
final class RaftPeerService extends RaftPeerGrpc.RaftPeerImplBase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftPeerService.class);
    private static final long WARN_INTERVAL_MS = 10_000;

    private final long localId;
    private final InboundHandler handler;
    private final long maxSnapshotBytes;
    private final SnapshotSpool spool;
    private final Duration snapshotTimeout;
    private final PeerTraffic traffic;
    private final WarnLimiter badMessages = new WarnLimiter(LOG, WARN_INTERVAL_MS);
    private final WarnLimiter badSnapshots = new WarnLimiter(LOG, WARN_INTERVAL_MS);
    /** Answers not sent because their caller had gone (its deadline passed) before they were ready. */
    private final AtomicLong lateAnswers = new AtomicLong();
    /** Ends snapshot streams that outlast their deadline. */
    private final ScheduledExecutorService timer;

    /**
     * @param maxSnapshotBytes largest snapshot taken, judged by the size the sender declares up front
     * @param spool            where snapshots are written while they arrive, one at a time; prepared by the caller
     * @param snapshotTimeout  longest one InstallSnapshot call may last
     */
    RaftPeerService(
            long localId,
            InboundHandler handler,
            long maxSnapshotBytes,
            SnapshotSpool spool,
            Duration snapshotTimeout,
            PeerTraffic traffic) {
        this.traffic = traffic;
        this.localId = localId;
        this.handler = handler;
        this.maxSnapshotBytes = maxSnapshotBytes;
        this.spool = spool;
        this.snapshotTimeout = snapshotTimeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "etcdj-peer-snapshot-timer-" + localId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Messages that decode are passed on as they are, absurd or not: judging them is the consumer's job
     * ({@link io.etcdj.raft.PeerMessageCheck}), which knows its own state. What does not decode (an unknown type
     * or entry type) is dropped here, and the stream goes on.
     */
    @Override
    public StreamObserver<RaftProto.Message> send(StreamObserver<StreamOpened> opened) {
        // Tell the sender at once that it got through, so it resets its reconnect backoff.
        opened.onNext(StreamOpened.newBuilder().setReceiverId(localId).build());
        return new StreamObserver<>() {
            @Override
            public void onNext(RaftProto.Message m) {
                traffic.received(m.getFrom(), m.getSerializedSize());
                Message decoded;
                try {
                    decoded = MessageCodec.fromProto(m);
                } catch (RuntimeException e) {
                    // One bad message must not cut the stream: Raft copes with a lost message, not a dead link.
                    badMessages.warn("dropped an undecodable message from " + MemberIds.hex(m.getFrom()) + ": "
                            + e.getMessage());
                    return;
                }
                try {
                    handler.onMessage(decoded);
                } catch (RuntimeException e) {
                    badMessages.warn("the receiver failed on a " + decoded.type() + " from "
                            + MemberIds.hex(decoded.from()) + ": " + e);
                }
            }

            @Override
            public void onError(Throwable t) {
                // The sender went away or the connection broke; it opens a new stream when it needs one.
            }

            @Override
            public void onCompleted() {
                opened.onCompleted();
            }
        };
    }

    @Override
    public StreamObserver<SnapshotChunk> installSnapshot(StreamObserver<RaftProto.Ack> done) {
        return InstallSnapshotCall.start(
                new SnapshotReceiver(localId, maxSnapshotBytes, spool),
                done,
                handler,
                badSnapshots,
                timer,
                snapshotTimeout);
    }

    @Override
    public void join(RaftProto.JoinRequest request, StreamObserver<RaftProto.JoinResponse> response) {
        unary("join", response, () -> AdminCodec.toProto(handler.onJoin(AdminCodec.fromProto(request))));
    }

    @Override
    public void remove(RaftProto.RemoveRequest request, StreamObserver<RaftProto.Ack> response) {
        RemovalKind kind = AdminCodec.kindOf(request);
        if (kind == null) {
            // A newer member's kind of removal: refused rather than guessed at, so nothing is done or claimed.
            badMessages.warn("refused a remove call of unknown kind " + request.getKindValue());
            unary(
                    "remove",
                    response,
                    () -> AdminCodec.toProto(Ack.refused("unknown kind of removal " + request.getKindValue()
                            + " (sent by a newer member?): this member cannot act on it")));
            return;
        }
        unary("remove", response, () -> AdminCodec.toProto(handler.onRemove(request.getName(), kind)));
    }

    @Override
    public void transferLeadership(
            RaftProto.TransferLeadershipRequest request, StreamObserver<RaftProto.Ack> response) {
        if (request.getTransferee() <= 0) {
            // Member ids are positive; 0 is Raft's "none" and a negative one a uint64 no member has.
            String why = "transferee id " + Long.toUnsignedString(request.getTransferee()) + " is no member's";
            answer(
                    "transferLeadership",
                    response,
                    r -> r.onError(Status.INVALID_ARGUMENT.withDescription(why).asRuntimeException()));
            return;
        }
        unary(
                "transferLeadership",
                response,
                () -> AdminCodec.toProto(handler.onTransferLeadership(request.getTransferee())));
    }

    private <T> void unary(String method, StreamObserver<T> response, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            answer(
                    method,
                    response,
                    r -> r.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException()));
            return;
        }
        answer(method, response, r -> {
            r.onNext(result);
            r.onCompleted();
        });
    }

    /**
     * Sends an answer unless its caller has gone: a membership call can outlast the caller's deadline on a loaded
     * machine, and by then the servlet transport has recycled the response, so that any write throws. Such an
     * answer is counted and dropped (the caller has its DEADLINE_EXCEEDED already), never thrown out of the handler.
     */
    private <T> void answer(String method, StreamObserver<T> response, Consumer<StreamObserver<T>> send) {
        if (response instanceof ServerCallStreamObserver<T> call && call.isCancelled()) {
            late(method, "the call was cancelled");
            return;
        }
        try {
            send.accept(response);
        } catch (IllegalStateException e) {
            // Cancelled between the check and the write: the transport refuses the write.
            late(method, e.toString());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.CANCELLED) {
                throw e;
            }
            late(method, e.toString());
        }
    }

    private void late(String method, String why) {
        long count = lateAnswers.incrementAndGet();
        if (count == 1) {
            LOG.warn(
                    "the answer to a {} call was dropped: its caller had gone ({}), probably because its deadline"
                            + " passed while this member worked on it; later such answers are only counted",
                    method,
                    why);
        } else {
            LOG.debug("the answer to a {} call was dropped ({} so far): {}", method, count, why);
        }
    }

    /** How many answers were dropped because their caller had gone before they were ready. */
    long lateAnswers() {
        return lateAnswers.get();
    }

    /** Stops the deadline timer; streams still open end with the server. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
