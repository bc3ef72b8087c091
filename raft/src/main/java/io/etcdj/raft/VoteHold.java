package io.etcdj.raft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The vote hold of a node that may have lost its log: it came back empty under an id the cluster already counts (an
 * emptied data dir; ids come from names), so votes it granted and entries it acknowledged may be forgotten. Until it
 * holds every entry committed before it came back, it grants no vote (nor pre-vote) and starts no election; its
 * votes could otherwise elect a candidate that lacks entries only its forgotten self had.
 *
 * <p>"Every entry committed before it came back" is learnt, not guessed: the node asks its leader for a read index
 * (thesis §6.4). The leader answers with its commit index once a heartbeat round confirmed that it still leads, and
 * only after an entry of its own term committed; asked after the node came back, that index covers every entry
 * committed before. The node's own commit index moves only through appends (whose consistency check proves its
 * entries are the leader's) and snapshots while it holds, so once it reaches that index the hold ends; from then on
 * its vote goes only to candidates at least as up to date as a log holding every one of those entries. The host
 * persists the hold ({@link RawNode#holdVotesUntilCaughtUp}); a node that never was a member ends it within its
 * first appends.
 */
final class VoteHold {
    /** The context of a held node's vote refusal; see {@link #mayCount}. */
    static final byte[] REFUSAL = "VotesHeld".getBytes(StandardCharsets.UTF_8);

    private static final byte[] ASK_PREFIX = "CatchUp:".getBytes(StandardCharsets.UTF_8);

    private boolean held;
    /** The leader's read index, asked after this node came back; 0 until answered. */
    private long targetIndex;
    /** This hold's read-request context: a response to any other request does not count. */
    private byte[] askContext = new byte[0];
    /** Ticks since the last ask, -1 before the first (a lost ask or answer is asked again an election timeout on). */
    private int ticksSinceAsk = -1;

    boolean held() {
        return held;
    }

    void start(Raft r) {
        held = true;
        targetIndex = 0;
        askContext = ByteBuffer.allocate(ASK_PREFIX.length + Long.BYTES)
                .put(ASK_PREFIX)
                .putLong(r.config.random().nextLong())
                .array();
        ticksSinceAsk = -1;
    }

    void tick() {
        if (held && ticksSinceAsk >= 0) {
            ticksSinceAsk++;
        }
    }

    /** Follower, after an append, heartbeat or snapshot of its leader: asks for the target, or ends the hold. */
    void afterLeaderMessage(Raft r) {
        if (!held) {
            return;
        }
        if (targetIndex == 0 && (ticksSinceAsk < 0 || ticksSinceAsk >= r.config.electionTicks())) {
            ticksSinceAsk = 0;
            r.send(Message.builder(MessageType.MsgReadIndex)
                    .to(r.lead)
                    .context(askContext)
                    .build());
        }
        maybeRelease(r);
    }

    /** A read-index answer: true if it was this hold's (and is consumed here). */
    boolean onReadIndexResponse(Raft r, Message m) {
        if (!held || !Arrays.equals(m.context(), askContext)) {
            return false;
        }
        targetIndex = Math.max(targetIndex, Math.max(1, m.index()));
        r.log.info(MemberIds.hex(r.id) + " holds its votes until it has committed index " + targetIndex + " (leader "
                + MemberIds.hex(m.from()) + ")");
        maybeRelease(r);
        return true;
    }

    private void maybeRelease(Raft r) {
        if (targetIndex > 0 && r.raftLog.committed >= targetIndex) {
            held = false;
            if (r.vote == Raft.NONE) {
                // The vote lost with the log may have been cast in this very term, and a candidate's request of this
                // term may still arrive late (once no leader is known, the rule that refuses it is gone). Counting
                // the lost vote as cast, for itself (which elects no one else), refuses a second one; the hard state
                // carries it to disk before the host drops its hold marker.
                r.vote = r.id;
            }
            r.log.info(MemberIds.hex(r.id) + " caught up with the leader at index " + r.raftLog.committed
                    + ": it votes again");
        }
    }

    /**
     * Candidate: whether the refusal of {@code voter}, which holds its votes, may count as a grant. True when the
     * configuration is this node and {@code voter} alone, with no membership change in this node's log after what it
     * applied. Every entry committed in that configuration needed this node's acknowledgement, and every entry
     * committed before it precedes the configuration's own entry, which this node holds: so its log holds every
     * committed entry. And {@code voter} votes for no one, so no other candidate wins this term. Without this, a
     * two-member cluster whose other member lost its data dir would never elect a leader again.
     */
    static boolean mayCount(Raft r, long voter) {
        if (r.tracker.voters().size() != 2
                || !r.tracker.voters().contains(r.id)
                || !r.tracker.voters().contains(voter)) {
            return false;
        }
        long lo = Math.max(r.raftLog.applied + 1, r.raftLog.firstIndex());
        if (lo > r.raftLog.lastIndex()) {
            return true;
        }
        for (Entry e : r.raftLog.slice(lo, r.raftLog.lastIndex() + 1, Long.MAX_VALUE)) {
            if (e.type() == EntryType.CONF_CHANGE) {
                return false;
            }
        }
        return true;
    }
}
