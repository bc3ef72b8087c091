package io.etcdj.server.cluster;

import io.etcdj.raft.ProposalDroppedException;
import io.etcdj.raft.RawNode;
import io.etcdj.server.command.Applier;
import io.etcdj.server.command.Command;
import io.etcdj.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TTL expiry, scheduled through the log: when the earliest TTL in the store has passed, the leader logs an EXPIRE
 * command stamped with its own clock, and every member deletes the same keys when it applies that entry. Keys are
 * never deleted on a local timer, so every replica and every replay of the log deletes alike.
 *
 * <p>One EXPIRE at a time: the next is proposed once the last one has been applied, or, if it has not been applied
 * within {@value #RETRY_AFTER_MS} ms, on the assumption that it was lost (a leader change drops uncommitted
 * entries).
 */
final class Expiry {
    private static final Logger LOG = LoggerFactory.getLogger(Expiry.class);
    private static final long RETRY_AFTER_MS = 2_000;
    /** A wall clock step larger than this between two ticks is a jump, not drift or a late tick. */
    private static final long CLOCK_JUMP_MS = 1_000;

    private final Store store;
    private final Clock clock;
    /** Set by the Raft thread when it proposes an EXPIRE, cleared by the apply thread when one applies. */
    private volatile boolean inFlight;
    /** Raft thread only. */
    private long proposedAtNanos;
    /**
     * Raft thread only (set at construction): the wall and monotonic clocks at the last leader tick, to notice a jump
     * of the wall clock.
     */
    private long lastWallMs;

    private long lastMonotonicNanos;

    Expiry(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        // From the start, not from the first leader tick: a member whose clock jumped while it followed must say so
        // when it comes to lead.
        this.lastWallMs = clock.millis();
        this.lastMonotonicNanos = System.nanoTime();
    }

    /** Raft thread, on each tick while this member leads: proposes an EXPIRE if one is due and none in flight. */
    void onLeaderTick(RawNode rawNode) {
        noticeClockJump();
        if (inFlight && System.nanoTime() - proposedAtNanos < TimeUnit.MILLISECONDS.toNanos(RETRY_AFTER_MS)) {
            return;
        }
        Optional<Instant> next = store.nextExpiration();
        Instant now = clock.instant();
        if (next.isEmpty() || next.get().isAfter(now)) {
            inFlight = false;
            return;
        }
        try {
            rawNode.propose(EntryData.encode(EntryData.NO_REQUEST, Command.expire(Applier.toEpochNanos(now))));
            inFlight = true;
            proposedAtNanos = System.nanoTime();
        } catch (ProposalDroppedException e) {
            inFlight = false;
            LOG.debug("expiry not proposed: {}", e.getMessage());
        }
    }

    /** Apply thread: an EXPIRE entry was applied (whoever proposed it). */
    void applied() {
        inFlight = false;
    }

    /**
     * An operator must hear of it when the leader's wall clock jumps (NTP stepping it, a VM resumed): TTL keys expire
     * by the leader's clock, so a jump forward expires keys early, cluster-wide, and a jump back keeps them longer.
     *
     * @return the jump in ms (negative: back), 0 when there was none since the last call
     */
    long noticeClockJump() {
        long wallMs = clock.millis();
        long monotonicNanos = System.nanoTime();
        long jumpMs = (wallMs - lastWallMs) - TimeUnit.NANOSECONDS.toMillis(monotonicNanos - lastMonotonicNanos);
        lastWallMs = wallMs;
        lastMonotonicNanos = monotonicNanos;
        if (Math.abs(jumpMs) <= CLOCK_JUMP_MS) {
            return 0;
        }
        LOG.warn(
                "the wall clock jumped {} ms {} (since this member's last look) and it leads: TTL keys expire by the"
                        + " leader's clock, so keys now expire {} (check NTP on this host)",
                Math.abs(jumpMs),
                jumpMs > 0 ? "forward" : "back",
                jumpMs > 0 ? "early" : "late");
        return jumpMs;
    }
}
