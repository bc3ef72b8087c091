package io.etcdj.server.cluster;

import io.etcdj.peer.Ack;
import io.etcdj.peer.DeliveryReports;
import io.etcdj.peer.InboundHandler;
import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.RemovalKind;
import io.etcdj.raft.MemberIds;
import io.etcdj.raft.Message;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport's way into a member (transport threads): what peers send and how sending to them went. Peer messages
 * pass the {@link InboundGate} and are queued for the Raft thread, or dropped when its inbox is full (Raft recovers
 * from loss); membership calls go to {@link Membership}. Nothing here blocks a transport thread for long: only a
 * snapshot waits (bounded) for room in the inbox.
 */
public final class PeerInbound implements InboundHandler, DeliveryReports {
    private static final Logger LOG = LoggerFactory.getLogger(PeerInbound.class);
    private static final long SNAPSHOT_OFFER_TIMEOUT_MS = 5_000;

    private final RaftNode node;
    private final RaftThread raftThread;
    private final RaftStatus status;
    private final InboundGate gate;
    private final RaftStats stats;
    private final RejectedInput rejected;
    private final long electionTimeoutMs;

    PeerInbound(
            RaftNode node, RaftThread raftThread, RaftStatus status, RejectedInput rejected, long electionTimeoutMs) {
        this.node = node;
        this.raftThread = raftThread;
        this.status = status;
        this.gate = new InboundGate(node.selfId(), node::isKnownMember, rejected);
        this.stats = node.stats();
        this.rejected = rejected;
        this.electionTimeoutMs = electionTimeoutMs;
    }

    @Override
    public void onMessage(Message message) {
        if (gate.admit(message) && !raftThread.offer(new RaftInput.PeerMessage(message))) {
            stats.dropped();
        }
    }

    @Override
    public void onSnapshot(Message msgSnap) {
        if (!gate.admit(msgSnap)) {
            return;
        }
        // A snapshot is large and rare: wait for room rather than lose it.
        try {
            if (!raftThread.offer(
                    new RaftInput.PeerMessage(msgSnap), SNAPSHOT_OFFER_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "dropped a snapshot from {}: the raft thread is not keeping up", MemberIds.hex(msgSnap.from()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public JoinResponse onJoin(JoinRequest request) {
        Membership m = node.membership();
        return m == null ? JoinResponse.refused("this member is starting; try again") : m.join(request);
    }

    /**
     * Either a removal a follower passed on to this member as the leader, or the leader telling this member that it
     * has been removed; such a notice is only believed if the leader then goes silent ({@link RemovalNotice}). The
     * two are told apart by their kind, never by whom they name: a removal of a leader that has just stepped down
     * names the receiver too, and taking it for a notice answered OK for a removal nobody made.
     */
    @Override
    public Ack onRemove(String name, RemovalKind kind) {
        boolean namesMe = name.equals(node.self().name());
        switch (kind) {
            case NOTICE:
                if (!namesMe || status.isLeader()) {
                    rejected.reject(InboundGate.KIND, "a removal notice for " + name + ", which is not this follower");
                    return Ack.refused("a removal notice for " + name + " reached "
                            + node.self().name() + ", which is not that member or leads");
                }
                noticed(name);
                return Ack.OK;
            case UNSPECIFIED:
                if (namesMe && !status.isLeader()) {
                    // From a member that predates the kind: a notice, or a removal passed on to a leader that has
                    // since stepped down. Heeded as a notice (it is checked against the leader's silence anyway),
                    // but never answered OK: a removal request's caller must hear that nothing was done.
                    noticed(name);
                    return Ack.refused("an old-style removal naming " + name + ", which does not lead: taken as a"
                            + " removal notice; if it was a removal request, try again");
                }
                return removeAsLeader(name);
            case REQUEST:
            default:
                return removeAsLeader(name);
        }
    }

    private Ack removeAsLeader(String name) {
        Membership m = node.membership();
        return m == null ? Ack.refused("this member is starting; try again") : m.removeForwarded(name);
    }

    private void noticed(String name) {
        LOG.warn(
                "a peer reports that {} has been removed from the cluster; stopping unless the leader is heard"
                        + " within {} ms",
                name,
                2 * electionTimeoutMs);
        raftThread.offer(new RaftInput.RemovalNoticed());
    }

    @Override
    public Ack onTransferLeadership(long transfereeId) {
        if (!status.confState.voters().contains(transfereeId) || transfereeId == node.selfId()) {
            rejected.reject(
                    InboundGate.KIND,
                    "leadership transfer to " + MemberIds.hex(transfereeId) + ", which is not another voter");
            return new Ack(false, "not a voting member: " + MemberIds.hex(transfereeId));
        }
        raftThread.offer(new RaftInput.TransferLeadership(transfereeId));
        return new Ack(true, "");
    }

    @Override
    public void reportUnreachable(long peerId) {
        stats.failed(peerId);
        raftThread.offer(new RaftInput.Unreachable(peerId));
    }

    @Override
    public void reportSnapshot(long peerId, boolean failed) {
        raftThread.offer(new RaftInput.SnapshotSent(peerId, failed));
    }
}
