package io.etcdj.raft;

import io.etcdj.raft.tracker.Progress;
import io.etcdj.raft.tracker.ProgressState;
import java.util.List;

/** Log replication (§5.3): the leader's sending side and the follower's receiving side. */
final class Replication {
    private Replication() {}

    static void sendAppend(Raft r, long to) {
        maybeSendAppend(r, to, true);
    }

    /**
     * Sends the entries {@code to} lacks (as many as fit in one message), or a snapshot if they are compacted.
     * Returns whether a message was sent; with {@code sendIfEmpty} false, nothing is sent when there is nothing
     * new, so callers can loop to fill the pipelining window.
     */
    static boolean maybeSendAppend(Raft r, long to, boolean sendIfEmpty) {
        Progress pr = r.tracker.progress(to);
        if (pr == null || pr.isPaused()) {
            return false;
        }
        long prevIndex = pr.next() - 1;
        long prevTerm;
        List<Entry> ents;
        try {
            prevTerm = r.raftLog.term(prevIndex);
            ents = r.raftLog.entries(pr.next(), r.config.maxSizePerMsgBytes());
        } catch (StorageException.CompactedException e) {
            return maybeSendSnapshot(r, to, pr);
        }
        if (ents.isEmpty() && !sendIfEmpty) {
            return false;
        }
        r.send(Message.builder(MessageType.MsgApp)
                .to(to)
                .index(prevIndex)
                .logTerm(prevTerm)
                .entries(ents)
                .commit(r.raftLog.committed)
                .build());
        if (ents.isEmpty()) {
            pr.sentProbe();
        } else {
            pr.sentEntries(ents.get(ents.size() - 1).index());
        }
        return true;
    }

    private static boolean maybeSendSnapshot(Raft r, long to, Progress pr) {
        if (!pr.recentActive()) {
            return false; // don't ship a snapshot to a node that may be down
        }
        Snapshot snap;
        try {
            snap = r.raftLog.snapshot();
        } catch (StorageException.SnapshotTemporarilyUnavailableException e) {
            return false;
        }
        if (snap.isEmpty()) {
            throw new IllegalStateException("need non-empty snapshot");
        }
        r.log.info(MemberIds.hex(r.id) + " sending snapshot " + snap.index() + " to " + MemberIds.hex(to) + " [" + pr
                + "]");
        pr.becomeSnapshot(snap.index());
        r.send(Message.builder(MessageType.MsgSnap).to(to).snapshot(snap).build());
        return true;
    }

    static void bcastAppend(Raft r) {
        r.tracker.visit((id, pr) -> {
            if (id != r.id) {
                sendAppend(r, id);
            }
        });
    }

    static void bcastHeartbeat(Raft r, byte[] context) {
        r.tracker.visit((id, pr) -> {
            if (id != r.id) {
                // Never claim a commit index beyond what the follower is known to have.
                long commit = Math.min(pr.match(), r.raftLog.committed);
                r.send(Message.builder(MessageType.MsgHeartbeat)
                        .to(id)
                        .commit(commit)
                        .context(context)
                        .build());
            }
        });
    }

    static void sendTimeoutNow(Raft r, long to) {
        r.send(Message.builder(MessageType.MsgTimeoutNow).to(to).build());
    }

    // ---- follower side ----

    static void handleAppendEntries(Raft r, Message m) {
        RaftLog log = r.raftLog;
        if (m.index() < log.committed) {
            r.send(Message.builder(MessageType.MsgAppResp)
                    .to(m.from())
                    .index(log.committed)
                    .build());
            return;
        }
        long lastNew = log.maybeAppend(m.index(), m.logTerm(), m.commit(), m.entries());
        if (lastNew >= 0) {
            r.send(Message.builder(MessageType.MsgAppResp)
                    .to(m.from())
                    .index(lastNew)
                    .build());
            return;
        }
        // Reject, with a hint: the last index at or below the probe whose term is at most the leader's there.
        long hintIndex = log.findConflictByTerm(Math.min(m.index(), log.lastIndex()), m.logTerm());
        long hintTerm = log.termOrZero(hintIndex);
        r.send(Message.builder(MessageType.MsgAppResp)
                .to(m.from())
                .index(m.index())
                .reject(true)
                .rejectHint(hintIndex)
                .logTerm(hintTerm)
                .build());
    }

    static void handleHeartbeat(Raft r, Message m) {
        long lastIndex = r.raftLog.lastIndex();
        if (m.commit() > lastIndex) {
            // The leader sends at most what we acknowledged: we lost our log since (an emptied data dir under our
            // old id). Committing entries we may have received since from someone else would be wrong; telling the
            // leader where our log ends, as a refused append does, makes it replicate from there.
            r.log.warn(MemberIds.hex(r.id) + " was told of commit index " + m.commit() + " by "
                    + MemberIds.hex(m.from()) + " but its log ends at " + lastIndex + ": it lost entries it had"
                    + " acknowledged");
            r.send(Message.builder(MessageType.MsgAppResp)
                    .to(m.from())
                    .index(m.commit())
                    .reject(true)
                    .rejectHint(lastIndex)
                    .logTerm(r.raftLog.termOrZero(lastIndex))
                    .build());
        } else if (!r.voteHold.held()) {
            // A node that may have lost its log commits only through appends, whose consistency check proves that
            // its entries are the leader's; the leader's idea of what it holds may predate the loss.
            r.raftLog.commitTo(m.commit());
        }
        r.send(Message.builder(MessageType.MsgHeartbeatResp)
                .to(m.from())
                .context(m.context())
                .build());
    }

    static void handleSnapshot(Raft r, Message m) {
        Snapshot s = m.snapshot();
        if (s != null && restore(r, s)) {
            r.log.info(MemberIds.hex(r.id) + " restored snapshot [index: " + s.index() + ", term: " + s.term() + "]");
            r.send(Message.builder(MessageType.MsgAppResp)
                    .to(m.from())
                    .index(r.raftLog.lastIndex())
                    .build());
        } else {
            r.send(Message.builder(MessageType.MsgAppResp)
                    .to(m.from())
                    .index(r.raftLog.committed)
                    .build());
        }
    }

    /** Installs a snapshot unless our log already has it (then just fast-forward commit). */
    private static boolean restore(Raft r, Snapshot s) {
        RaftLog log = r.raftLog;
        if (s.index() <= log.committed) {
            return false;
        }
        if (r.state != StateType.FOLLOWER) {
            throw new IllegalStateException("non-follower attempted to restore snapshot");
        }
        // We may be missing from the snapshot's membership: a node removed and added again receives a snapshot
        // taken before its re-addition, and learns that it is a member from the entries that follow. Until
        // then it is not promotable, which is safe.
        if (log.matchTerm(s.index(), s.term())) {
            log.commitTo(s.index());
            return false;
        }
        log.restore(s);
        r.tracker.setVoters(s.metadata().confState().voters(), log.lastIndex() + 1);
        r.tracker.resetProgress(log.lastIndex(), r.id);
        return true;
    }

    static boolean isReplicating(Progress pr) {
        return pr.state() == ProgressState.REPLICATE;
    }
}
