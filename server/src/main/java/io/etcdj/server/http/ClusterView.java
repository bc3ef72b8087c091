package io.etcdj.server.http;

import io.etcdj.peer.Member;

import java.util.List;

/**
 * What the HTTP layer may know about the cluster, without knowing Raft: who this node is, who leads, and the
 * members' URLs. A single node is its own leader; clustering supplies a live implementation.
 */
public interface ClusterView {
    String selfName();

    /** "leader", "follower" or "candidate" (etcd's /v2/stats/self state). */
    String state();

    /** The leader's name, or null during an election. */
    String leaderName();

    /** Every member, leader first. */
    List<Member> members();

    /** True when this member leads: writes and linearizable reads are served here, not redirected. */
    default boolean isLeader() {
        return selfName().equals(leaderName());
    }

    /** Append requests received from a leader and sent to followers (etcd's /v2/stats/self counts). */
    default long receivedAppends() {
        return 0;
    }

    default long sentAppends() {
        return 0;
    }

    /** When the current leader took over; null if unknown. */
    default java.time.Instant leaderSince() {
        return null;
    }

    /** The leader's view of each follower, by name (etcd's /v2/stats/leader); empty on a follower. */
    default java.util.Map<String, FollowerStats> followerStats() {
        return java.util.Map.of();
    }

    /** Heartbeat round-trip latencies in milliseconds, and append successes and failures. */
    record FollowerStats(double current, double average, double standardDeviation, double minimum, double maximum,
                         long success, long fail) {
    }

    /**
     * Null while this member's own loops (Raft, apply) are alive and moving; otherwise what is wrong. A leader being
     * known is a separate question ({@link #leader()}).
     */
    default String loopProblem() {
        return null;
    }

    /** Index of the last entry applied to the local store, and the commit index known here. */
    default long appliedIndex() {
        return 0;
    }

    /** Removes a member from the cluster; null when done, else why not. */
    default String removeMember(String name) {
        return "this node cannot change the cluster's membership";
    }

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
