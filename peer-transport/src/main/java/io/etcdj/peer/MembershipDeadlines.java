package io.etcdj.peer;

/**
 * How long each hop of a membership call (Join, Remove) may take, in one place, so that every hop answers while the
 * one before it still listens: the leader stops waiting for its change first, the follower that passed the call on
 * next, and the caller's deadline ends last. Were they equal, a change that commits late would be made while its
 * answer reached nobody (a joiner that never hears its join went through cannot start); with these, the caller
 * always gets an answer, if only "did not commit in time; try again".
 */
public final class MembershipDeadlines {
    /** Left at each hop for an answer to travel back and be handled on a loaded machine. */
    public static final long HOP_MARGIN_MS = 1_500;
    /** The deadline a member gives a membership call it makes: the peer transport's default unary deadline. */
    public static final long CALL_MS = 10_000;
    /** How long a follower waits for the leader's answer to a call it passed on. */
    public static final long FORWARDED_MS = CALL_MS - HOP_MARGIN_MS;
    /** How long the leader spends on a change: waiting for its turn, then for the change to commit and apply. */
    public static final long LEADER_MS = FORWARDED_MS - HOP_MARGIN_MS;

    private MembershipDeadlines() {}
}
