package io.etcdj.server.http;

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

    record Member(String name, String clientUrl, String peerUrl) {
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
