package io.etcdj.server.cluster;

import io.etcdj.peer.Member;
import io.etcdj.server.config.ServerConfig.ActiveSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the HTTP layer may know about the cluster, without knowing Raft: who this member is, who leads, the members'
 * URLs, the statistics etcd shows, and the one change an operator makes through HTTP (removing a member).
 * {@link RaftClusterView} is the live one; tests of the HTTP layer give their own.
 */
public interface ClusterView {
    String selfName();

    /** "leader", "follower" or "candidate" (etcd's /v2/stats/self state). */
    String state();

    /** True when this member leads: writes and linearizable reads are served here, not redirected. */
    boolean isLeader();

    /** The leader's name, or null during an election. */
    String leaderName();

    /** Every member, leader first. */
    List<Member> members();

    /** Append requests received from a leader and sent to followers (etcd's /v2/stats/self counts). */
    long receivedAppends();

    long sentAppends();

    /** When the current leader took over; null if unknown. */
    Instant leaderSince();

    /** The leader's view of each follower, by name (etcd's /v2/stats/leader); empty on a follower. */
    Map<String, FollowerStats> followerStats();

    /** Heartbeat round-trip latencies in milliseconds, and append successes and failures. */
    record FollowerStats(
            double current,
            double average,
            double standardDeviation,
            double minimum,
            double maximum,
            long success,
            long fail) {}

    /**
     * Null while this member's own loops (Raft, apply) are alive and moving; otherwise what is wrong. A leader being
     * known is a separate question ({@link #leader()}).
     */
    String loopProblem();

    /** Index of the last entry applied to the local store. */
    long appliedIndex();

    /** Removes a member from the cluster; null when done, else why not. */
    String removeMember(String name);

    /** Peer URLs reserved by etcd 2's "member add" for members that have not joined yet, in id order. */
    List<Reservations.Reservation> reservations();

    /**
     * etcd 2's {@code POST /v2/members}: reserves {@code peerUrl} (already checked to be {@code scheme://host:port})
     * for a member to come. Leader only; blocks until the reservation is applied here, bounded.
     */
    MemberChange reservePeerUrl(String peerUrl);

    /**
     * etcd 2's {@code DELETE /v2/members/<id>}: cancels the reservation of that id, or removes the member of that id
     * (as {@link #removeMember} does). Blocks until done, bounded.
     */
    MemberChange removeById(long id);

    /**
     * How an etcd 2 member change ended: {@code DONE} (with the reservation made, for an add), or refused with a
     * message for the client.
     */
    record MemberChange(Outcome outcome, String message, Reservations.Reservation reservation) {
        public enum Outcome {
            DONE,
            /** The peer URL cannot be one of this cluster's (wrong scheme). */
            INVALID,
            /** The peer URL is a member's or already reserved. */
            CONFLICT,
            NOT_FOUND,
            /** {@link Reservations#MAX_RESERVATIONS} reservations exist. */
            FULL,
            /** Not the leader any more, no quorum, timed out: the client may try again. */
            UNAVAILABLE
        }

        static MemberChange refused(Outcome outcome, String message) {
            return new MemberChange(outcome, message, null);
        }
    }

    /** The cluster config (/v2/admin/config): what the cluster stores, or this member's flags while none is. */
    ActiveSet clusterConfig();

    /**
     * Writes the cluster config through the log (call on the leader); completes once it is applied here, or fails
     * with why not.
     */
    CompletableFuture<Void> setClusterConfig(ActiveSet config);

    /** The leader among {@link #members()}, or null while none is known. */
    default Member leader() {
        String leader = leaderName();
        for (Member m : members()) {
            if (m.name().equals(leader)) {
                return m;
            }
        }
        return null;
    }
}
