package io.etcdj.peer.inmem;

import io.etcdj.peer.Ack;
import io.etcdj.peer.DeliveryReports;
import io.etcdj.peer.InboundHandler;
import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.PeerTransport;
import io.etcdj.peer.PeerUnreachableException;
import io.etcdj.peer.RemovalKind;
import io.etcdj.raft.MemberIds;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link PeerTransport} inside one process, over a {@link Network}: the twin of the gRPC transport for in-process
 * clusters. Same contract: send never blocks, each member has a bounded inbox drained in order by one thread, a
 * full inbox or a cut link drops the message and reports the peer unreachable. Messages are handed over, not copied
 * (Raft never mutates a message's bytes once sent).
 */
public final class InMemoryPeerTransport implements PeerTransport {
    private static final long PARK_MILLIS = 100;

    private final long localId;
    private final String url;
    private final Network network;
    private final InboundHandler inbound;
    private final DeliveryReports reports;
    private final Map<Long, String> peers = new ConcurrentHashMap<>();
    private final ArrayBlockingQueue<Runnable> inbox;
    private final Thread delivery;
    private volatile boolean running;

    /**
     * @param url           this member's address on the network, e.g. {@code mem://node1}
     * @param inboxCapacity deliveries waiting for this member; past this, senders' messages are dropped
     */
    public InMemoryPeerTransport(
            long localId,
            String url,
            Network network,
            InboundHandler inbound,
            DeliveryReports reports,
            int inboxCapacity) {
        this.localId = localId;
        this.url = url;
        this.network = network;
        this.inbound = inbound;
        this.reports = reports;
        this.inbox = new ArrayBlockingQueue<>(inboxCapacity);
        this.delivery = new Thread(this::deliver, "etcdj-inmem-deliver-" + localId);
        this.delivery.setDaemon(true);
    }

    public InMemoryPeerTransport(
            long localId, String url, Network network, InboundHandler inbound, DeliveryReports reports) {
        this(localId, url, network, inbound, reports, 4096);
    }

    @Override
    public void start() {
        network.register(url, this);
        running = true;
        delivery.start();
    }

    public String url() {
        return url;
    }

    @Override
    public void send(List<Message> messages) {
        for (Message m : messages) {
            if (m.type() == MessageType.MsgSnap) {
                sendSnapshot(m);
            } else if (!network.dropped(m)) {
                InMemoryPeerTransport target = reachable(m.to());
                if (target == null || !target.accept(() -> target.inbound.onMessage(m))) {
                    reports.reportUnreachable(m.to());
                }
            }
        }
    }

    @Override
    public void sendSnapshot(Message msgSnap) {
        if (msgSnap.type() != MessageType.MsgSnap || msgSnap.snapshot() == null) {
            throw new IllegalArgumentException("not a MsgSnap with a snapshot: " + msgSnap);
        }
        long to = msgSnap.to();
        // A lost snapshot is a failed upload: unlike a lost message, the gRPC sender learns of it too.
        InMemoryPeerTransport target = network.dropped(msgSnap) ? null : reachable(to);
        boolean queued = target != null
                && target.accept(() -> {
                    target.inbound.onSnapshot(msgSnap);
                    reports.reportSnapshot(to, false);
                });
        if (!queued) {
            reports.reportUnreachable(to);
            reports.reportSnapshot(to, true);
        }
    }

    /** The peer's transport if a message may go there now; null if the peer is unknown, down or cut off. */
    private InMemoryPeerTransport reachable(long to) {
        String peerUrl = peers.get(to);
        if (!running || peerUrl == null || !network.linked(localId, to)) {
            return null;
        }
        return network.at(peerUrl);
    }

    private boolean accept(Runnable delivery) {
        return running && inbox.offer(delivery);
    }

    private void deliver() {
        try {
            while (running) {
                Runnable next = inbox.poll(PARK_MILLIS, TimeUnit.MILLISECONDS);
                if (next != null) {
                    next.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void addPeer(long id, String peerUrl) {
        peers.put(id, peerUrl);
    }

    @Override
    public void removePeer(long id) {
        peers.remove(id);
    }

    @Override
    public CompletableFuture<JoinResponse> join(String peerUrl, JoinRequest request) {
        return call(peerUrl, h -> h.onJoin(request));
    }

    @Override
    public CompletableFuture<Ack> remove(String peerUrl, String name) {
        return call(peerUrl, h -> h.onRemove(name, RemovalKind.REQUEST));
    }

    @Override
    public CompletableFuture<Ack> noticeRemoval(String peerUrl, String name) {
        return call(peerUrl, h -> h.onRemove(name, RemovalKind.NOTICE));
    }

    @Override
    public CompletableFuture<Ack> transferLeadership(long to, long transfereeId) {
        String peerUrl = peers.get(to);
        if (peerUrl == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown peer " + MemberIds.hex(to)));
        }
        return call(peerUrl, h -> h.onTransferLeadership(transfereeId));
    }

    private <R> CompletableFuture<R> call(String peerUrl, Function<InboundHandler, R> call) {
        InMemoryPeerTransport target = network.at(peerUrl);
        if (!running || target == null) {
            return CompletableFuture.failedFuture(new PeerUnreachableException("nothing listens at " + peerUrl, null));
        }
        return CompletableFuture.supplyAsync(() -> call.apply(target.inbound), network.calls());
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        network.unregister(url, this);
        delivery.interrupt();
        inbox.clear();
    }
}
