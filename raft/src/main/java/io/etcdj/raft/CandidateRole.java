package io.etcdj.raft;

import java.util.Arrays;

/** What a (pre-)candidate does with a message of its own term (§5.2). */
final class CandidateRole {
    private CandidateRole() {}

    static void step(Raft r, Message m) {
        boolean pre = r.state == StateType.PRE_CANDIDATE;
        MessageType myVoteResp = pre ? MessageType.MsgPreVoteResp : MessageType.MsgVoteResp;
        switch (m.type()) {
            case MsgProp -> throw new ProposalDroppedException("no leader at term " + r.term);
            case MsgApp -> {
                r.becomeFollower(m.term(), m.from()); // a leader of this term exists
                Replication.handleAppendEntries(r, m);
            }
            case MsgHeartbeat -> {
                r.becomeFollower(m.term(), m.from());
                Replication.handleHeartbeat(r, m);
            }
            case MsgSnap -> {
                r.becomeFollower(m.term(), m.from());
                Replication.handleSnapshot(r, m);
            }
            case MsgTimeoutNow -> {} // already campaigning
            default -> {
                if (m.type() != myVoteResp) {
                    return;
                }
                boolean granted =
                        !m.reject() || (Arrays.equals(m.context(), VoteHold.REFUSAL) && VoteHold.mayCount(r, m.from()));
                switch (r.poll(m.from(), m.type(), granted)) {
                    case WON -> r.wonElection(pre);
                    case LOST -> r.becomeFollower(r.term, Raft.NONE); // pre-candidate: the term is unchanged
                    case PENDING -> {}
                }
            }
        }
    }
}
