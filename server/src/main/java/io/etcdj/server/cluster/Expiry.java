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

    private final Store store;
    private final Clock clock;
    /** Set by the Raft thread when it proposes an EXPIRE, cleared by the apply thread when one applies. */
    private volatile boolean inFlight;
    /** Raft thread only. */
    private long proposedAtNanos;

    Expiry(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Raft thread, on each tick while this member leads: proposes an EXPIRE if one is due and none in flight. */
    void onLeaderTick(RawNode rawNode) {
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
}
