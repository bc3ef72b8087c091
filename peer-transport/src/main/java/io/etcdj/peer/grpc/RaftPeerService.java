package io.etcdj.peer.grpc;

import io.etcdj.peer.InboundHandler;
import io.etcdj.peer.MessageCodec;
import io.etcdj.proto.PeerProto.SnapshotChunk;
import io.etcdj.proto.PeerProto.StreamOpened;
import io.etcdj.proto.RaftPeerGrpc;
import io.etcdj.proto.RaftProto;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the RaftPeer service: turns gRPC calls into {@link InboundHandler} calls. A plain
 * {@code BindableService}, so it can be served by Jetty's GrpcServlet (as now) or by grpc-netty-shaded's server.
 */
final class RaftPeerService extends RaftPeerGrpc.RaftPeerImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(RaftPeerService.class);

    private final long localId;
    private final InboundHandler handler;
    private final long maxSnapshotBytes;

    RaftPeerService(long localId, InboundHandler handler, long maxSnapshotBytes) {
        this.localId = localId;
        this.handler = handler;
        this.maxSnapshotBytes = maxSnapshotBytes;
    }

    @Override
    public StreamObserver<RaftProto.Message> send(StreamObserver<StreamOpened> opened) {
        // Tell the sender at once that it got through, so it resets its reconnect backoff.
        opened.onNext(StreamOpened.newBuilder().setReceiverId(localId).build());
        return new StreamObserver<>() {
            @Override
            public void onNext(RaftProto.Message m) {
                try {
                    handler.onMessage(MessageCodec.fromProto(m));
                } catch (RuntimeException e) {
                    // One bad message must not cut the stream: Raft copes with a lost message, not a dead link.
                    LOG.warn("dropped a message from {}: {}", m.getFrom(), e.toString());
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
        SnapshotAssembler assembler = new SnapshotAssembler(maxSnapshotBytes);
        return new StreamObserver<>() {
            private boolean refused;

            @Override
            public void onNext(SnapshotChunk chunk) {
                if (refused) {
                    return;
                }
                try {
                    io.etcdj.raft.Message msgSnap = assembler.accept(chunk);
                    if (msgSnap != null) {
                        handler.onSnapshot(msgSnap);
                    }
                } catch (SnapshotRefusedException e) {
                    refused = true;
                    LOG.warn("refused a snapshot: {}", e.getMessage());
                    done.onError(Status.DATA_LOSS.withDescription(e.getMessage()).asRuntimeException());
                } catch (RuntimeException e) {
                    refused = true;
                    done.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
                }
            }

            @Override
            public void onError(Throwable t) {
                // A broken upload: the partial data is dropped with the assembler; the sender reports the failure.
            }

            @Override
            public void onCompleted() {
                if (refused) {
                    return;
                }
                if (assembler.isComplete()) {
                    done.onNext(RaftProto.Ack.newBuilder().setOk(true).build());
                    done.onCompleted();
                } else {
                    done.onError(Status.DATA_LOSS.withDescription("snapshot stream ended before its last chunk")
                            .asRuntimeException());
                }
            }
        };
    }

    @Override
    public void join(RaftProto.JoinRequest request, StreamObserver<RaftProto.JoinResponse> response) {
        unary(response, () -> AdminCodec.toProto(handler.onJoin(AdminCodec.fromProto(request))));
    }

    @Override
    public void remove(RaftProto.RemoveRequest request, StreamObserver<RaftProto.Ack> response) {
        unary(response, () -> AdminCodec.toProto(handler.onRemove(request.getName())));
    }

    @Override
    public void transferLeadership(RaftProto.TransferLeadershipRequest request,
                                   StreamObserver<RaftProto.Ack> response) {
        unary(response, () -> AdminCodec.toProto(handler.onTransferLeadership(request.getTransferee())));
    }

    private static <T> void unary(StreamObserver<T> response, java.util.function.Supplier<T> call) {
        T answer;
        try {
            answer = call.get();
        } catch (RuntimeException e) {
            response.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
            return;
        }
        response.onNext(answer);
        response.onCompleted();
    }
}
