package io.etcdj.server.cluster;

import io.etcdj.peer.Ack;
import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.Member;
import io.etcdj.peer.MembershipDeadlines;
import io.etcdj.peer.PeerTransport;
import io.etcdj.raft.ConfChange;
import io.etcdj.raft.ConfChangeType;
import io.etcdj.store.ErrorCode;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins and removals as the leader performs them: one membership change at a time (Raft's one-server rule), each
 * a conf-change entry carrying the member's record, answered once it is applied here. A follower passes the request
 * on to the leader, as etcd 0.4 redirected joins to the leader's peer URL, once: a request passed on to a member that
 * no longer leads is refused there (the caller tries again), never passed on in circles between stale views. One
 * that knows no leader answers a join of a member it already has (the joiner's first answer was lost) from its
 * applied membership.
 */
final class Membership {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    private static final long POLL_MS = 10;
    /** How the refusal of a "republish" join from a member the cluster does not have begins ({@link StillAMember}). */
    static final String NOT_A_MEMBER = "no member is named ";

    private static final String NOT_IN_TIME = "the membership change did not commit in time; try again";
    private static final String BUSY = "another membership change is still in progress; try again";

    private final RaftNode node;
    private final PeerTransport transport;

    /**
     * Serialises changes on this member: a second one proposed while one is pending would be dropped by Raft. Taken
     * with a bound, so that the wait for one's turn counts against the same {@link MembershipDeadlines#LEADER_MS}.
     */
    private final ReentrantLock changeLock = new ReentrantLock();

    Membership(RaftNode node, PeerTransport transport) {
        this.node = node;
        this.transport = transport;
    }

    JoinResponse join(JoinRequest request) {
        String invalid = JoinCheck.problem(
                request.member(), URI.create(node.self().peerUrl()).getScheme());
        if (invalid != null) {
            LOG.warn("refused a join request: {}", invalid);
            return JoinResponse.refused(invalid);
        }
        Member joiner = request.member();
        if (!node.isLeader()) {
            Optional<Member> leader = node.members().byId(node.leaderId());
            if (leader.isEmpty() && !request.republish() && isAppliedMember(joiner)) {
                // A retried join whose first answer was lost (the call timed out after the ADD_NODE committed). The
                // joiner is a voter that refuses every Raft message until it learns the members, and its silent vote
                // may be what cost the leader its quorum (check-quorum): waiting for a leader could wedge the cluster
                // for good, so the members as applied here are the answer. Nothing is changed.
                LOG.info("{} asked to join again while no leader is known; it already is a member", joiner.name());
                return accepted(joiner);
            }
            if (request.passedOn()) {
                // As removeForwarded: passed on once already, by a member that believed this one leads.
                return JoinResponse.refused("this member is not the leader (it may just have stepped down); try again");
            }
            if (leader.isEmpty()) {
                return JoinResponse.refused("no leader is known yet; try again");
            }
            try {
                return transport
                        .join(leader.get().peerUrl(), request.passOn())
                        .get(MembershipDeadlines.FORWARDED_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                return JoinResponse.refused(
                        "could not reach the leader " + leader.get().name() + ": " + e);
            }
        }
        long deadlineNanos = leaderDeadline();
        if (!lockChanges(deadlineNanos)) {
            return JoinResponse.refused(BUSY);
        }
        try {
            Optional<Member> existing = node.members().byName(joiner.name());
            if (existing.isPresent() && existing.get().equals(joiner)) {
                LOG.info("{} asked to join again; it already is a member", joiner.name());
                return accepted(joiner);
            }
            if (existing.isPresent() && !request.republish()) {
                return JoinResponse.refused("the name " + joiner.name() + " is taken by the member at "
                        + existing.get().peerUrl());
            }
            int voters = node.knownMembers().size();
            int activeSize = node.clusterConfig().activeSize();
            if (existing.isEmpty() && !request.republish() && voters >= activeSize) {
                // etcd 0.4.6: the cluster has its active size; the joiner runs as a standby and asks again later.
                LOG.info(
                        "{} asked to join; the cluster has {} voters (activeSize {}): it may run as a standby",
                        joiner.name(),
                        voters,
                        activeSize);
                return JoinResponse.full(
                        ErrorCode.NO_MORE_PEER.message(),
                        node.knownMembers(),
                        node.selfId(),
                        ClusterConfig.toJson(node.clusterConfig()));
            }
            if (existing.isEmpty() && request.republish()) {
                return JoinResponse.refused(NOT_A_MEMBER + joiner.name() + " (removed?): it runs as a standby, with"
                        + " its log, until the cluster has a seat for it");
            }
            for (Member m : node.members().all()) {
                if (m.peerUrl().equals(joiner.peerUrl()) && !m.name().equals(joiner.name())) {
                    return JoinResponse.refused(
                            "peer URL " + joiner.peerUrl() + " is already used by member " + m.name());
                }
            }
            if (existing.isPresent()) {
                // The same member (same id) restarted with other URLs: re-adding it with its new record moves its
                // /_etcd/machines entry and every member's connection to it, through the log.
                LOG.info(
                        "member {} moved: peer {} -> {}, client {} -> {}",
                        joiner.name(),
                        existing.get().peerUrl(),
                        joiner.peerUrl(),
                        existing.get().clientUrl(),
                        joiner.clientUrl());
            } else {
                LOG.info("adding member {} (peer {}, client {})", joiner.name(), joiner.peerUrl(), joiner.clientUrl());
            }
            if (!change(
                    new ConfChange(ConfChangeType.ADD_NODE, joiner.id(), MemberCodec.encode(joiner)),
                    () -> isAppliedMember(joiner),
                    deadlineNanos)) {
                return JoinResponse.refused(NOT_IN_TIME);
            }
            return accepted(joiner);
        } finally {
            changeLock.unlock();
        }
    }

    /** True if {@code joiner}'s very record (id, name, URLs) is in the membership as applied here. */
    private boolean isAppliedMember(Member joiner) {
        return node.members().byName(joiner.name()).filter(joiner::equals).isPresent();
    }

    /** The answer to an accepted join: the members, and the config the joiner should use until one is stored. */
    private JoinResponse accepted(Member joiner) {
        return new JoinResponse(
                true,
                "",
                joiner.id(),
                node.members().all(),
                0,
                node.leaderId(),
                ClusterConfig.toJson(node.clusterConfig()));
    }

    Ack remove(String name) {
        if (!node.isLeader()) {
            Optional<Member> leader = node.members().byId(node.leaderId());
            if (leader.isEmpty()) {
                return new Ack(false, "no leader is known yet; try again");
            }
            try {
                return transport
                        .remove(leader.get().peerUrl(), name)
                        .get(MembershipDeadlines.FORWARDED_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                return new Ack(
                        false, "could not reach the leader " + leader.get().name() + ": " + e);
            }
        }
        return removeAsLeader(name);
    }

    /**
     * A removal another member passed on to this one as the leader. Made here if this member still leads; refused
     * if it does not (it may just have stepped down), rather than passed on again: the sender's caller retries and
     * finds the new leader, and a request never travels in circles between members with stale views.
     */
    Ack removeForwarded(String name) {
        if (!node.isLeader()) {
            return new Ack(false, "this member is not the leader (it may just have stepped down); try again");
        }
        return removeAsLeader(name);
    }

    private Ack removeAsLeader(String name) {
        long deadlineNanos = leaderDeadline();
        if (!lockChanges(deadlineNanos)) {
            return new Ack(false, BUSY);
        }
        try {
            Optional<Member> member = node.members().byName(name);
            if (member.isEmpty()) {
                return new Ack(false, "no member is named " + name);
            }
            LOG.info("removing member {}", name);
            if (!change(
                    new ConfChange(ConfChangeType.REMOVE_NODE, member.get().id(), MemberCodec.encode(member.get())),
                    () -> node.members().byName(name).isEmpty(),
                    deadlineNanos)) {
                return new Ack(false, NOT_IN_TIME);
            }
            if (member.get().id() != node.selfId()) {
                // Best effort: the removed member no longer gets the log, so tell it directly.
                transport.noticeRemoval(member.get().peerUrl(), name);
            }
            return new Ack(true, "");
        } finally {
            changeLock.unlock();
        }
    }

    /** When the leader stops working on a change it was asked for: its caller is still listening then. */
    private static long leaderDeadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MembershipDeadlines.LEADER_MS);
    }

    /** Takes the change lock unless {@code deadlineNanos} passes first (another change still pending). */
    private boolean lockChanges(long deadlineNanos) {
        try {
            return changeLock.tryLock(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Proposes the change and waits until {@code done} holds (it is applied here), or {@code deadline} passes. */
    private boolean change(ConfChange cc, BooleanSupplier done, long deadline) {
        if (!node.proposeConfChange(cc)) {
            return false;
        }
        try {
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                node.awaitApplied(node.appliedIndex() + 1, POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
