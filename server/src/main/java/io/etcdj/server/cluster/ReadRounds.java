package io.etcdj.server.cluster;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ReadIndex rounds in flight (Raft thread only). One round, identified by the 8-byte context Raft echoes back,
 * serves every quorum read that arrived since the previous round: etcd's batching of linearizable reads, so a burst
 * of reads costs one heartbeat to each follower rather than one per read. Only one round is in flight at a time (as
 * etcd's linearizable read loop): reads that arrive meanwhile wait for its answer and then share the next round, so
 * under load a round serves the reads of many connections instead of those that came in one turn of the Raft thread
 * (measured at 64 connections, by the peer bytes sent per read: about 15 reads a round, against about 5 when each
 * turn started a round). A round unanswered for {@code patienceNanos} (a heartbeat lost with a broken stream, a
 * forwarded read whose leader went away) no longer holds the next one back.
 */
final class ReadRounds {
    private record Round(List<Long> requestIds, long startedNanos) {}

    private final Map<Long, Round> inFlight = new HashMap<>();
    private final long maxAgeNanos;
    private final long patienceNanos;
    private long nextRound = 1;
    private long lastStartedNanos;

    /**
     * @param maxAgeNanos   a round older than this is forgotten (its reads have timed out)
     * @param patienceNanos a round unanswered this long lets the next one start
     */
    ReadRounds(long maxAgeNanos, long patienceNanos) {
        this.maxAgeNanos = maxAgeNanos;
        this.patienceNanos = patienceNanos;
    }

    /** Whether a new round may start now: none is in flight, or the last started has waited its patience out. */
    boolean mayStart(long nowNanos) {
        return inFlight.isEmpty() || nowNanos - lastStartedNanos >= patienceNanos;
    }

    /** Starts a round for these requests; returns the context to give Raft's ReadIndex. */
    byte[] start(List<Long> requestIds, long nowNanos) {
        long round = nextRound++;
        lastStartedNanos = nowNanos;
        inFlight.put(round, new Round(List.copyOf(requestIds), nowNanos));
        return ByteBuffer.allocate(8).putLong(round).array();
    }

    /** Raft refused the round: forget it (its requests are failed by the caller). */
    void abandon(byte[] context) {
        inFlight.remove(ByteBuffer.wrap(context).getLong());
    }

    /** The requests a ReadState answers, or an empty list if the round is unknown (already answered or dropped). */
    List<Long> answered(byte[] context) {
        Round r = context.length == 8 ? inFlight.remove(ByteBuffer.wrap(context).getLong()) : null;
        return r == null ? List.of() : r.requestIds();
    }

    /**
     * This member stopped leading: Raft dropped the rounds it had not answered, so none will be. Returns the requests
     * of every round in flight (for the caller to fail now rather than at their timeout) and forgets the rounds.
     */
    List<Long> abandonAll() {
        List<Long> ids = new ArrayList<>();
        for (Round r : inFlight.values()) {
            ids.addAll(r.requestIds());
        }
        inFlight.clear();
        return ids;
    }

    /** Forgets rounds whose answer was lost (a forwarded read, say); their requests time out on their own. */
    void dropStale(long nowNanos) {
        inFlight.values().removeIf(r -> nowNanos - r.startedNanos() > maxAgeNanos);
    }
}
