package io.etcdj.peer.grpc;

import io.etcdj.peer.Ack;
import io.etcdj.peer.DeliveryReports;
import io.etcdj.peer.InboundHandler;
import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.PeerTraffic;
import io.etcdj.peer.PeerTransport;
import io.etcdj.peer.PeerUnreachableException;
import io.etcdj.peer.RemovalKind;
import io.etcdj.proto.RaftPeerGrpc;
import io.etcdj.proto.RaftProto;
import io.etcdj.raft.MemberIds;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PeerTransport} over gRPC. Outgoing: one grpc-netty-shaded channel per peer, each with a {@link PeerSender}
 * (bounded queue, one long-lived Send stream, bounded reconnect backoff). Incoming: the RaftPeer service on Jetty
 * through grpc-java's servlet transport, sharing the port with a plain HTTP/1.1 handler.
 *
 * <p>With {@link GrpcTransportConfig#tls()} present both directions run mutual TLS ({@link PeerTls}) and every peer
 * URL must be {@code https://}; without it, {@code http://}. A URL of the other mode is refused with an
 * {@link IllegalArgumentException} naming it: thrown by {@link #addPeer}, and the failed future of {@link #join} and
 * {@link #remove}.
 *
 * <p>Thread-safe: {@link #send} may be called from the Raft loop while peers are added and removed elsewhere.
 */
public final class GrpcPeerTransport implements PeerTransport {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcPeerTransport.class);

    private final long localId;
    private final GrpcTransportConfig config;
    private final TrafficTap traffic = new TrafficTap();
    private final DeliveryReports reports;
    private final SnapshotSpool spool;
    private final RaftPeerService service;
    private final PeerPortServer server;
    private final PeerChannels channels;
    private final Map<Long, PeerSender> peers = new ConcurrentHashMap<>();
    /** Snapshot uploads and membership calls: they can take seconds and must not hold up the Raft loop or heartbeats. */
    private final ExecutorService backgroundThreads;

    private volatile boolean closed;

    /**
     * @param localId   this member's Raft id (told to peers when their streams open)
     * @param bind      where the peer port listens; port 0 picks a free one (see {@link #port()})
     * @param inbound   receives the peers' messages, snapshots and membership calls
     * @param reports   learns of messages and snapshots that did not get through
     * @param plainHttp handles the non-gRPC requests of the peer port (etcd's admin JSON); null for 404s
     * @param config    queue sizes, backoff, chunking; {@link GrpcTransportConfig#defaults()} for production
     */
    public GrpcPeerTransport(
            long localId,
            InetSocketAddress bind,
            InboundHandler inbound,
            DeliveryReports reports,
            Handler plainHttp,
            GrpcTransportConfig config) {
        this.localId = localId;
        this.config = config;
        this.reports = reports;
        this.spool = new SnapshotSpool(config.snapshotSpoolDir());
        this.service = new RaftPeerService(
                localId, inbound, config.maxSnapshotBytes(), spool, config.snapshotTimeout(), traffic);
        this.server = new PeerPortServer(
                localId,
                bind,
                service,
                plainHttp == null ? new NotFoundHandler() : plainHttp,
                config.maxMessageBytes(),
                config.tls(),
                Set.of(RaftPeerGrpc.getSendMethod().getFullMethodName()));
        this.channels = new PeerChannels(config);
        this.backgroundThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "etcdj-peer-bg-" + localId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Counts the bytes of Raft messages sent and received per peer from now on (null: stop counting). */
    public void countTraffic(PeerTraffic counter) {
        traffic.attach(counter);
    }

    /**
     * How many answers to peers' calls (joins, removals, leadership transfers) were dropped because their caller had
     * gone before they were ready: a member slower than its peers' deadlines, for whoever exports it.
     */
    public long lateAnswers() {
        return service.lateAnswers();
    }

    /**
     * Listens. The snapshot spool directory is not touched here: a member binds its ports before it touches its
     * data dir (where the spool lives), and calls {@link #prepareSnapshotSpool()} once it has locked it; the first
     * incoming snapshot prepares it otherwise.
     */
    @Override
    public void start() throws IOException {
        server.start();
        LOG.info("member {} serves peers on port {}", MemberIds.hex(localId), server.port());
    }

    /** Creates the spool directory if needed and removes what a crash left in it, naming it if that fails. */
    public void prepareSnapshotSpool() throws IOException {
        spool.prepare();
    }

    /** The port the peer server listens on, once started. */
    public int port() {
        return server.port();
    }

    @Override
    public void send(List<Message> messages) {
        for (Message m : messages) {
            if (m.type() == MessageType.MsgSnap) {
                sendSnapshot(m);
                continue;
            }
            PeerSender sender = peers.get(m.to());
            if (sender != null) {
                sender.offer(m);
            }
        }
    }

    @Override
    public void sendSnapshot(Message msgSnap) {
        if (msgSnap.type() != MessageType.MsgSnap || msgSnap.snapshot() == null) {
            throw new IllegalArgumentException("not a MsgSnap with a snapshot: " + msgSnap);
        }
        long to = msgSnap.to();
        PeerSender sender = peers.get(to);
        if (sender == null || closed) {
            reports.reportSnapshot(to, true);
            return;
        }
        RaftPeerGrpc.RaftPeerStub stub = RaftPeerGrpc.newStub(sender.channel());
        backgroundThreads.execute(() -> uploadSnapshot(stub, msgSnap));
    }

    private void uploadSnapshot(RaftPeerGrpc.RaftPeerStub stub, Message msgSnap) {
        boolean ok = false;
        try {
            ok = SnapshotUpload.run(stub, msgSnap, config.snapshotChunkBytes(), config.snapshotTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("snapshot to {} failed: {}", MemberIds.hex(msgSnap.to()), e.toString());
        }
        if (!ok) {
            reports.reportUnreachable(msgSnap.to());
        }
        reports.reportSnapshot(msgSnap.to(), !ok);
    }

    @Override
    public void addPeer(long id, String peerUrl) {
        PeerAddress address = channels.parse(peerUrl);
        if (closed) {
            return;
        }
        PeerSender sender = new PeerSender(localId, id, channels.open(address), config, reports, traffic);
        PeerSender previous = peers.put(id, sender);
        if (previous != null) {
            previous.close();
        }
        sender.start();
    }

    @Override
    public void removePeer(long id) {
        PeerSender sender = peers.remove(id);
        if (sender != null) {
            sender.close();
        }
    }

    @Override
    public CompletableFuture<JoinResponse> join(String peerUrl, JoinRequest request) {
        return unary(peerUrl, stub -> stub.join(AdminCodec.toProto(request)), AdminCodec::fromProto);
    }

    @Override
    public CompletableFuture<Ack> remove(String peerUrl, String name) {
        return removeCall(peerUrl, name, RemovalKind.REQUEST);
    }

    @Override
    public CompletableFuture<Ack> noticeRemoval(String peerUrl, String name) {
        return removeCall(peerUrl, name, RemovalKind.NOTICE);
    }

    private CompletableFuture<Ack> removeCall(String peerUrl, String name, RemovalKind kind) {
        return unary(peerUrl, stub -> stub.remove(AdminCodec.toProto(name, kind)), AdminCodec::fromProto);
    }

    @Override
    public CompletableFuture<Ack> transferLeadership(long to, long transfereeId) {
        PeerSender sender = peers.get(to);
        if (sender == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown peer " + MemberIds.hex(to)));
        }
        RaftProto.TransferLeadershipRequest request = RaftProto.TransferLeadershipRequest.newBuilder()
                .setTransferee(transfereeId)
                .build();
        return CompletableFuture.supplyAsync(
                        () -> call(
                                RaftPeerGrpc.newBlockingStub(sender.channel()),
                                "peer " + MemberIds.hex(to),
                                stub -> stub.transferLeadership(request)),
                        backgroundThreads)
                .thenApply(AdminCodec::fromProto);
    }

    /**
     * A membership call to a URL that need not be a peer yet (a joiner knows only some member's URL): a channel of
     * its own, closed when the call ends. Such calls are rare, so the connection setup does not matter.
     */
    private <P, R> CompletableFuture<R> unary(
            String peerUrl, Function<RaftPeerGrpc.RaftPeerBlockingStub, P> call, Function<P, R> decode) {
        ManagedChannel channel;
        try {
            channel = channels.open(channels.parse(peerUrl));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(
                        () -> call(RaftPeerGrpc.newBlockingStub(channel), peerUrl, call), backgroundThreads)
                .thenApply(decode)
                .whenComplete((r, e) -> channel.shutdownNow());
    }

    private <P> P call(
            RaftPeerGrpc.RaftPeerBlockingStub stub, String who, Function<RaftPeerGrpc.RaftPeerBlockingStub, P> call) {
        try {
            return call.apply(stub.withDeadlineAfter(config.unaryTimeout().toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            throw new CompletionException(
                    new PeerUnreachableException("call to " + who + " failed: " + e.getStatus(), e));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Long id : List.copyOf(peers.keySet())) {
            removePeer(id);
        }
        backgroundThreads.shutdownNow();
        try {
            server.close();
        } finally {
            // After the server: its streams are over, so no spool file is being written any more.
            service.close();
            spool.close();
        }
    }
}
