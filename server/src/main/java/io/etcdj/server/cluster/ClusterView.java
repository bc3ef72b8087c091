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

    /** The cluster config (/v2/admin/config): what the cluster stores, or this member's flags while none is. */
    default ActiveSet clusterConfig() {
        return ActiveSet.DEFAULTS;
    }

    /**
     * Writes the cluster config through the log (call on the leader); completes once it is applied here, or fails
     * with why not.
     */
    default CompletableFuture<Void> setClusterConfig(ActiveSet config) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("no cluster config here"));
    }

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
