package io.etcdj.server.cluster;

import io.etcdj.raft.ConfState;
import io.etcdj.raft.StateType;

/**
 * What the Raft thread publishes of the Raft core's state for other threads: the role, the leader, the term, the
 * commit index and the voters. Only the Raft thread writes (as it handles each Ready); any thread reads.
 */
final class RaftStatus {
    volatile StateType state = StateType.FOLLOWER;
    /** 0 while no leader is known. */
    volatile long leaderId;
    /** The last leader this member knew (0: none yet): kept when an election clears {@link #leaderId}. */
    volatile long lastKnownLeaderId;

    volatile long term;
    volatile long commitIndex;
    volatile ConfState confState;

    RaftStatus(long term, long commitIndex, ConfState confState) {
        this.term = term;
        this.commitIndex = commitIndex;
        this.confState = confState;
    }

    boolean isLeader() {
        return state == StateType.LEADER;
    }
}
