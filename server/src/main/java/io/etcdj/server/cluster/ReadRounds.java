package io.etcdj.server.cluster;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ReadIndex rounds in flight (Raft thread only). One round, identified by the 8-byte context Raft echoes back,
 * serves every quorum read that arrived since the previous round: etcd's batching of linearizable reads, so a burst
 * of reads costs one heartbeat to each follower rather than one per read.
 */
final class ReadRounds {
    private record Round(List<Long> requestIds, long startedNanos) {}

    private final Map<Long, Round> inFlight = new HashMap<>();
    private final long maxAgeNanos;
    private long nextRound = 1;

    ReadRounds(long maxAgeNanos) {
        this.maxAgeNanos = maxAgeNanos;
    }

    /** Starts a round for these requests; returns the context to give Raft's ReadIndex. */
    byte[] start(List<Long> requestIds) {
        long round = nextRound++;
        inFlight.put(round, new Round(List.copyOf(requestIds), System.nanoTime()));
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
