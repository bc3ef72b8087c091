package io.etcdj.raft;

/** What a follower does with a message of its own term. */
final class FollowerRole {
    private FollowerRole() {}

    static void step(Raft r, Message m) {
        switch (m.type()) {
            case MsgProp -> {
                if (!r.config.proposalForwarding()) {
                    throw new ProposalDroppedException("not the leader (proposal forwarding is off)");
                }
                forwardToLeader(r, m);
            }
            case MsgTransferLeader, MsgReadIndex -> forwardToLeader(r, m);
            case MsgApp -> {
                r.electionElapsed = 0;
                r.lead = m.from();
                Replication.handleAppendEntries(r, m);
                r.voteHold.afterLeaderMessage(r);
            }
            case MsgHeartbeat -> {
                r.electionElapsed = 0;
                r.lead = m.from();
                Replication.handleHeartbeat(r, m);
                r.voteHold.afterLeaderMessage(r);
            }
            case MsgSnap -> {
                r.electionElapsed = 0;
                r.lead = m.from();
                Replication.handleSnapshot(r, m);
                r.voteHold.afterLeaderMessage(r);
            }
            case MsgTimeoutNow -> {
                // The leader asks us to take over now; the transfer flag lets our votes through others' leases.
                r.log.info(MemberIds.hex(r.id) + " received MsgTimeoutNow from " + MemberIds.hex(m.from())
                        + " and starts an election");
                r.hup(true);
            }
            case MsgReadIndexResp -> {
                if (r.voteHold.onReadIndexResponse(r, m)) {
                    return;
                }
                if (r.readStates.size() < ReadOnly.MAX_PENDING) {
                    r.readStates.add(new ReadState(m.index(), m.context()));
                }
            }
            default -> {}
        }
    }

    private static void forwardToLeader(Raft r, Message m) {
        if (r.lead == Raft.NONE) {
            throw new ProposalDroppedException("no leader at term " + r.term + " to forward " + m.type() + " to");
        }
        r.send(m.toBuilder().to(r.lead).term(0).build());
    }
}
