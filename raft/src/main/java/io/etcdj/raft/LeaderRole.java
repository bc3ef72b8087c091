package io.etcdj.raft;

import io.etcdj.raft.quorum.VoteResult;
import io.etcdj.raft.tracker.Progress;
import io.etcdj.raft.tracker.ProgressState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a leader does with a message of its own term. */
final class LeaderRole {
    private LeaderRole() {}

    static void step(Raft r, Message m) {
        switch (m.type()) {
            case MsgBeat -> {
                Replication.bcastHeartbeat(r, r.readOnly.lastPendingContext());
                return;
            }
            case MsgCheckQuorum -> {
                checkQuorum(r);
                return;
            }
            case MsgProp -> {
                propose(r, m);
                return;
            }
            case MsgReadIndex -> {
                readIndex(r, m);
                return;
            }
            default -> {}
        }
        Progress pr = r.tracker.progress(m.from());
        if (pr == null) {
            return; // not (or no longer) a member
        }
        switch (m.type()) {
            case MsgAppResp -> handleAppendResponse(r, m, pr);
            case MsgHeartbeatResp -> handleHeartbeatResponse(r, m, pr);
            case MsgSnapStatus -> {
                if (pr.state() == ProgressState.SNAPSHOT) {
                    if (m.reject()) {
                        pr.becomeSnapshot(0); // forget the failed snapshot so probing starts from match
                    }
                    pr.becomeProbe();
                    pr.pause(); // wait for a heartbeat reply before probing, the snapshot may be in flight still
                }
            }
            case MsgUnreachable -> {
                if (pr.state() == ProgressState.REPLICATE) {
                    pr.becomeProbe(); // messages were probably lost; stop pipelining blindly
                }
            }
            case MsgTransferLeader -> transferLeader(r, m, pr);
            default -> {}
        }
    }

    /** §6.2 thesis: step down if a quorum was not heard from within the last election timeout. */
    private static void checkQuorum(Raft r) {
        if (!r.tracker.quorumActive()) {
            r.log.warn(MemberIds.hex(r.id) + " stepped down to follower since quorum is not active");
            r.becomeFollower(r.term, Raft.NONE);
            return;
        }
        r.tracker.visit((id, pr) -> pr.setRecentActive(id == r.id || pr.takeActiveGrace()));
    }

    private static void propose(Raft r, Message m) {
        if (m.entries().isEmpty()) {
            throw new IllegalStateException(r.id + " stepped empty MsgProp");
        }
        if (r.selfProgress() == null) {
            throw new ProposalDroppedException("leader " + r.id + " is not a member any more");
        }
        if (r.leadTransferee != Raft.NONE) {
            throw new ProposalDroppedException("leadership is being transferred to " + r.leadTransferee);
        }
        List<Entry> ents = new ArrayList<>(m.entries());
        for (int i = 0; i < ents.size(); i++) {
            Entry e = ents.get(i);
            if (e.type() != EntryType.CONF_CHANGE) {
                continue;
            }
            if (r.pendingConfIndex > r.raftLog.applied) {
                // One membership change at a time (§6 one-server changes): a second one becomes a no-op.
                r.log.warn(
                        MemberIds.hex(r.id) + " ignoring conf change " + Describe.entry(e) + " while one is pending");
                ents.set(i, new Entry(0, 0, EntryType.NORMAL, null));
            } else {
                r.pendingConfIndex = r.raftLog.lastIndex() + i + 1;
            }
        }
        if (!r.appendEntry(ents)) {
            throw new ProposalDroppedException("too many uncommitted bytes");
        }
        Replication.bcastAppend(r);
    }

    private static void readIndex(Raft r, Message m) {
        if (r.tracker.voters().size() == 1) {
            respondToRead(r, m, r.raftLog.committed); // nobody else can be leader
            return;
        }
        // Until an entry of this term commits, our commit index may be behind the previous leader's: hold the
        // request and start it when that entry commits (releaseHeldReads), as etcd's raft does.
        if (!r.committedEntryInCurrentTerm()) {
            if (!r.readOnly.hold(m)) {
                throw new ProposalDroppedException("too many reads waiting for the leader's first commit in term "
                        + r.term + ", or a duplicate context");
            }
            return;
        }
        startReadRound(r, m);
    }

    /** Thesis §6.4: remember the commit index, then confirm leadership with a heartbeat round carrying the context. */
    private static void startReadRound(Raft r, Message m) {
        if (!r.readOnly.addRequest(r.raftLog.committed, m)) {
            throw new ProposalDroppedException("too many pending reads or duplicate context");
        }
        r.readOnly.recvAck(r.id, m.context());
        Replication.bcastHeartbeat(r, m.context());
    }

    /**
     * Called whenever the leader's commit index moves: once an entry of this term is committed, the reads held
     * until then start. None can be refused here (the pending queue was empty while reads were held, and the two
     * share one bound), but a refusal would only lose that read, never throw into the commit path.
     */
    static void releaseHeldReads(Raft r) {
        if (r.readOnly.heldCount() == 0 || !r.committedEntryInCurrentTerm()) {
            return;
        }
        for (Message m : r.readOnly.releaseHeld()) {
            if (r.tracker.voters().size() == 1) {
                respondToRead(r, m, r.raftLog.committed); // the others were removed while the read was held
                continue;
            }
            try {
                startReadRound(r, m);
            } catch (ProposalDroppedException e) {
                r.log.warn(MemberIds.hex(r.id) + " dropped a held read from " + MemberIds.hex(m.from()) + ": "
                        + e.getMessage());
            }
        }
    }

    private static void respondToRead(Raft r, Message req, long index) {
        if (req.from() == Raft.NONE || req.from() == r.id) {
            if (r.readStates.size() < ReadOnly.MAX_PENDING) {
                r.readStates.add(new ReadState(index, req.context()));
            }
        } else {
            r.send(Message.builder(MessageType.MsgReadIndexResp)
                    .to(req.from())
                    .index(index)
                    .context(req.context())
                    .build());
        }
    }

    private static void handleAppendResponse(Raft r, Message m, Progress pr) {
        pr.setRecentActive(true);
        if (m.reject()) {
            if (m.rejectHint() < pr.match()) {
                // Its log ends below what it acknowledged: it lost entries (an emptied data dir under its old id).
                // What it holds now is unknown, so nothing counts as matched until a probe finds where it agrees.
                r.log.warn(MemberIds.hex(m.from()) + " reports its log ends at " + m.rejectHint() + ", below the "
                        + pr.match() + " it acknowledged: it lost its log; replicating to it anew");
                pr.forgetMatch(m.rejectHint() + 1);
                Replication.sendAppend(r, m.from());
                return;
            }
            long nextProbe = m.rejectHint();
            if (m.logTerm() > 0) {
                // Skip every entry of ours in terms the follower cannot match.
                nextProbe = r.raftLog.findConflictByTerm(m.rejectHint(), m.logTerm());
            }
            if (pr.maybeDecrTo(m.index(), nextProbe)) {
                if (pr.state() == ProgressState.REPLICATE) {
                    pr.becomeProbe();
                }
                Replication.sendAppend(r, m.from());
            }
            return;
        }
        boolean wasPaused = pr.isPaused();
        if (!pr.maybeUpdate(m.index())) {
            return;
        }
        switch (pr.state()) {
            case PROBE -> pr.becomeReplicate();
            case SNAPSHOT -> {
                if (pr.match() >= pr.pendingSnapshot() || pr.match() + 1 >= r.raftLog.firstIndex()) {
                    pr.becomeProbe();
                    pr.becomeReplicate();
                }
            }
            case REPLICATE -> pr.inflights().freeLE(m.index());
        }
        if (r.maybeCommit()) {
            Replication.bcastAppend(r);
        } else if (wasPaused) {
            Replication.sendAppend(r, m.from());
        }
        // Fill the pipelining window (bounded by the inflights capacity).
        while (Replication.maybeSendAppend(r, m.from(), false)) {
            // keep sending
        }
        if (m.from() == r.leadTransferee && pr.match() == r.raftLog.lastIndex()) {
            r.log.info(MemberIds.hex(r.id) + " sent MsgTimeoutNow to " + MemberIds.hex(m.from())
                    + " after received MsgAppResp");
            Replication.sendTimeoutNow(r, m.from());
        }
    }

    private static void handleHeartbeatResponse(Raft r, Message m, Progress pr) {
        pr.setRecentActive(true);
        pr.resume();
        if (pr.state() == ProgressState.REPLICATE && pr.inflights().full()) {
            pr.inflights().freeFirstOne();
        }
        if (pr.match() < r.raftLog.lastIndex()) {
            Replication.sendAppend(r, m.from());
        }
        if (m.context().length == 0) {
            return;
        }
        Map<Long, Boolean> acks = r.readOnly.recvAck(m.from(), m.context());
        if (acks == null || r.tracker.voters().voteResult(acks) != VoteResult.WON) {
            return;
        }
        for (ReadOnly.Status s : r.readOnly.advance(m.context())) {
            respondToRead(r, s.request(), s.index());
        }
    }

    private static void transferLeader(Raft r, Message m, Progress pr) {
        long transferee = m.from();
        if (r.leadTransferee != Raft.NONE) {
            if (r.leadTransferee == transferee) {
                return; // already under way
            }
            r.abortLeaderTransfer();
        }
        if (transferee == r.id) {
            return; // already leader
        }
        r.log.info(MemberIds.hex(r.id) + " [term " + r.term + "] starts to transfer leadership to "
                + MemberIds.hex(transferee));
        r.electionElapsed = 0; // the transfer must finish within one election timeout
        r.leadTransferee = transferee;
        if (pr.match() == r.raftLog.lastIndex()) {
            Replication.sendTimeoutNow(r, transferee);
        } else {
            Replication.sendAppend(r, transferee);
        }
    }
}
