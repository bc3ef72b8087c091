package io.etcdj.raft;

import java.util.List;

/**
 * Checks one message received from a peer before it is stepped into Raft. A peer message is input, not trusted
 * state: even a member holding a certificate the peer CA signed may be buggy, old or hostile, and
 * {@link RawNode#step} trusts what it is given (a local type throws, a huge term wraps when Raft adds one to it).
 * The check refuses only what no correct member ever sends, because a false refusal is a lost message every time
 * and would stall replication; it reads what each field means for each type in {@link Raft},
 * {@link Replication}, {@link LeaderRole} and {@link FollowerRole}.
 *
 * <p>Pure and stateless: the caller counts refusals and logs them (rate-limited; a bad peer can send thousands a
 * second). It does not bound entry data: the transport bounds message sizes.
 */
public final class PeerMessageCheck {
    /**
     * The largest term accepted. One election per millisecond for a million years stays below 2^45, so no real
     * cluster gets near 2^62; and far below 2^63 - 1 (a uint64 above that arrives as a negative long), so that
     * {@code term + 1} (a candidate, a pre-vote) can never wrap however often it is added.
     */
    public static final long MAX_TERM = 1L << 62;
    /**
     * The largest log index accepted (index, commit, reject hint, entry and snapshot indexes), for the same
     * reason: Raft computes {@code index + 1} (a follower's next index, the first entry after a probe), and
     * 2^62 entries are out of reach of any real log.
     */
    public static final long MAX_INDEX = 1L << 62;
    /**
     * The longest context accepted. Correct members put a ReadIndex request id there (8 bytes in this project) or
     * the campaign-transfer marker (16 bytes); a peer has no business sending more.
     */
    public static final int MAX_CONTEXT_BYTES = 256;

    private PeerMessageCheck() {}

    /**
     * @param m          a message as received from a peer (decoded, not yet stepped)
     * @param receiverId this member's Raft id
     * @return null if {@code m} may be stepped, else a short reason (no message contents beyond numbers) for
     *         counting and logging
     */
    public static String check(Message m, long receiverId) {
        MessageType type = m.type();
        if (type.isLocal()) {
            return "local message type " + type;
        }
        if (type == MessageType.MsgProp) {
            // Followers of this project never forward proposals (the server turns forwarding off), so one from a
            // peer is forged; stepping it into a leader would append the peer's entries to the log.
            return "proposal from a peer (forwarding is disabled)";
        }
        if (m.to() != receiverId) {
            return "addressed to " + MemberIds.hex(m.to()) + ", not to this member";
        }
        String problem = checkSender(m, receiverId);
        if (problem == null) {
            problem = checkNumbers(m);
        }
        if (problem == null) {
            problem = checkShape(m);
        }
        return problem;
    }

    private static String checkSender(Message m, long receiverId) {
        // Member ids are positive (the server derives them as 63-bit numbers; 0 means "none" to Raft).
        if (m.from() <= 0) {
            return "sender id " + m.from();
        }
        // A forwarded MsgTransferLeader names the transferee in from, and that may be this member (when it is the
        // leader the request is a harmless no-op); every other type names its real sender, never us.
        if (m.from() == receiverId && m.type() != MessageType.MsgTransferLeader) {
            return "claims to come from this member";
        }
        return null;
    }

    private static String checkNumbers(Message m) {
        String problem = term("term", m.term());
        if (problem == null) {
            problem = term("logTerm", m.logTerm());
        }
        if (problem == null) {
            problem = index("index", m.index());
        }
        if (problem == null) {
            problem = index("commit", m.commit());
        }
        if (problem == null) {
            problem = index("rejectHint", m.rejectHint());
        }
        if (problem == null && m.term() == 0 && !mayHaveNoTerm(m.type())) {
            // Raft stamps its current term (at least 1 once a cluster exists) on everything else it sends; a term-0
            // message would skip every term check in Raft.step.
            return "term 0 on " + m.type();
        }
        if (problem == null && m.context().length > MAX_CONTEXT_BYTES) {
            return "context of " + m.context().length + " bytes (at most " + MAX_CONTEXT_BYTES + ")";
        }
        return problem;
    }

    /**
     * MsgReadIndex is forwarded as is, unstamped (like MsgProp); a pre-vote refusal carries the refuser's own term,
     * which is 0 on a member that joined and has not heard from a leader yet.
     */
    private static boolean mayHaveNoTerm(MessageType type) {
        return type == MessageType.MsgReadIndex || type == MessageType.MsgPreVoteResp;
    }

    private static String checkShape(Message m) {
        if (m.type() != MessageType.MsgApp && !m.entries().isEmpty()) {
            return m.entries().size() + " entries on " + m.type() + " (only MsgApp carries entries)";
        }
        if (m.type() != MessageType.MsgSnap && m.snapshot() != null) {
            return "snapshot on " + m.type() + " (only MsgSnap carries one)";
        }
        return switch (m.type()) {
            case MsgApp -> checkAppend(m);
            case MsgSnap -> checkSnapshot(m);
            case MsgVote, MsgPreVote ->
                m.logTerm() > m.term()
                        // A candidate's last entry is of its current term at most (and a pre-vote asks for term + 1).
                        ? "last log term " + m.logTerm() + " above the campaign's term " + m.term()
                        : null;
            default -> null;
        };
    }

    /**
     * A leader sends the entries after {@code index}, consecutive, from its own log, whose terms never decrease
     * along the log and are at most its current term; {@code logTerm} is the term of the entry at {@code index}.
     */
    private static String checkAppend(Message m) {
        if (m.logTerm() > m.term()) {
            return "MsgApp logTerm " + m.logTerm() + " above its term " + m.term();
        }
        List<Entry> entries = m.entries();
        long previousTerm = m.logTerm();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String problem = index("entry index", e.index());
            if (problem == null) {
                problem = term("entry term", e.term());
            }
            if (problem != null) {
                return problem;
            }
            if (e.index() != m.index() + 1 + i) {
                return "entry " + i + " has index " + e.index() + ", expected " + (m.index() + 1 + i);
            }
            if (e.term() < 1 || e.term() > m.term()) {
                return "entry " + i + " has term " + e.term() + ", outside 1.." + m.term();
            }
            if (e.term() < previousTerm) {
                return "entry " + i + " has term " + e.term() + ", below the term " + previousTerm + " before it";
            }
            previousTerm = e.term();
        }
        return null;
    }

    /** A leader only sends a snapshot that covers some of its log, taken at a term it has seen, with its voters. */
    private static String checkSnapshot(Message m) {
        Snapshot s = m.snapshot();
        if (s == null) {
            return "MsgSnap without a snapshot";
        }
        SnapshotMetadata meta = s.metadata();
        String problem = index("snapshot index", meta.index());
        if (problem == null) {
            problem = term("snapshot term", meta.term());
        }
        if (problem != null) {
            return problem;
        }
        if (meta.index() == 0) {
            return "snapshot at index 0";
        }
        if (meta.term() < 1 || meta.term() > m.term()) {
            return "snapshot term " + meta.term() + ", outside 1.." + m.term();
        }
        List<Long> voters = meta.confState().voters();
        if (voters.isEmpty()) {
            return "snapshot without voters";
        }
        for (long voter : voters) {
            if (voter <= 0) {
                return "snapshot voter id " + voter;
            }
        }
        return null;
    }

    private static String term(String what, long value) {
        if (value < 0) {
            return what + " above 2^63 (negative: " + value + ")";
        }
        return value > MAX_TERM ? what + " " + value + " above " + MAX_TERM : null;
    }

    private static String index(String what, long value) {
        if (value < 0) {
            return what + " above 2^63 (negative: " + value + ")";
        }
        return value > MAX_INDEX ? what + " " + value + " above " + MAX_INDEX : null;
    }
}
