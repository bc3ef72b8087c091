package io.etcdj.peer;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a {@link JoinRequest}: on success the joiner's Raft id and the membership including it; otherwise
 * why not (in {@code error}). A refusal because the cluster is full ({@link #NO_MORE_PEER}) also carries the members,
 * the leader's id and the cluster config, so the refused member can run as a standby that knows the cluster.
 *
 * @param errorCode     etcd 0.4.6's error code of a refusal, 0 when none applies
 * @param leaderId      the leader that answered, 0 when unknown
 * @param clusterConfig the cluster config JSON (/v2/admin/config) the joiner should use, "" when unknown
 */
public record JoinResponse(
        boolean ok,
        String error,
        long memberId,
        List<Member> members,
        int errorCode,
        long leaderId,
        String clusterConfig) {
    /** etcd 0.4.6's 103 "Reached the max number of peers in the cluster": the joiner becomes a standby. */
    public static final int NO_MORE_PEER = 103;

    public JoinResponse {
        error = error == null ? "" : error;
        members = List.copyOf(Objects.requireNonNull(members, "members"));
        clusterConfig = clusterConfig == null ? "" : clusterConfig;
    }

    public JoinResponse(boolean ok, String error, long memberId, List<Member> members) {
        this(ok, error, memberId, members, 0, 0, "");
    }

    public static JoinResponse accepted(long memberId, List<Member> members) {
        return new JoinResponse(true, "", memberId, members);
    }

    public static JoinResponse refused(String error) {
        return new JoinResponse(false, error, 0, List.of());
    }

    /** The cluster already has its active size of voters: the joiner should run as a standby. */
    public static JoinResponse full(String error, List<Member> members, long leaderId, String clusterConfig) {
        return new JoinResponse(false, error, 0, members, NO_MORE_PEER, leaderId, clusterConfig);
    }

    /** True when the refusal says the cluster is full (the joiner becomes a standby). */
    public boolean clusterFull() {
        return !ok && errorCode == NO_MORE_PEER;
    }
}
