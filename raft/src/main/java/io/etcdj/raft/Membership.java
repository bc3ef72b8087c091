package io.etcdj.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * One-server-at-a-time membership changes (§6, thesis §4.1). A change takes effect when the caller applies its
 * committed entry; the leader lets only one be pending (see {@link LeaderRole}) and none before an entry of its own
 * term is applied, which avoids the single-server-change bug described on the raft-dev list (2015).
 */
final class Membership {
    private Membership() {}

    static ConfState applyConfChange(Raft r, ConfChange cc) {
        List<Long> voters = new ArrayList<>(r.tracker.voters().ids());
        if (cc.type() == ConfChangeType.ADD_NODE) {
            if (!voters.contains(cc.nodeId())) {
                voters.add(cc.nodeId());
            }
        } else {
            voters.remove(cc.nodeId());
        }
        return applyConfState(r, new ConfState(voters));
    }

    static ConfState applyConfState(Raft r, ConfState cs) {
        r.tracker.setVoters(cs.voters(), Math.max(r.raftLog.lastIndex(), 1));
        r.log.info(MemberIds.hex(r.id) + " switched to configuration " + cs);
        if (r.state != StateType.LEADER) {
            return cs;
        }
        if (!r.promotable()) {
            // Removed leader: step down so that the remaining members elect one of their own.
            r.becomeFollower(r.term, Raft.NONE);
            return cs;
        }
        if (r.leadTransferee != Raft.NONE && !r.tracker.isVoter(r.leadTransferee)) {
            r.abortLeaderTransfer();
        }
        if (r.maybeCommit()) {
            Replication.bcastAppend(r); // a smaller quorum may commit more
        } else {
            r.tracker.visit((pid, pr) -> {
                if (pid != r.id) {
                    Replication.maybeSendAppend(r, pid, false);
                }
            });
        }
        return cs;
    }
}
