package io.etcdj.server.cluster;

import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The numbers behind etcd 0.4's /v2/stats/self and /v2/stats/leader: append requests sent and received, when the
 * current leader took over, and per follower the heartbeat round-trip latency and append successes and failures.
 * Updated by the Raft thread and transport threads, read by HTTP threads.
 */
public final class RaftStats {
    private final String selfName;
    private final Instant startTime;
    private final AtomicLong sentAppends = new AtomicLong();
    private final AtomicLong receivedAppends = new AtomicLong();
    private final AtomicLong droppedInbound = new AtomicLong();
    /** Times a leader became known that was not the one before (etcd's leader_changes_seen_total). */
    private final AtomicLong leaderChanges = new AtomicLong();

    private volatile Timings timings = Timings.NONE;
    private final Map<Long, Follower> followers = new ConcurrentHashMap<>();
    private volatile long leaderId;
    private volatile Instant leaderSince;

    RaftStats(String selfName, Instant startTime) {
        this.selfName = selfName;
        this.startTime = startTime;
        this.leaderSince = startTime;
    }

    /** One follower's numbers as the leader sees them; latencies in milliseconds. */
    public static final class Follower {
        private long success;
        private long fail;
        private long pingSentNanos;
        private double current;
        private double sum;
        private double sumSquares;
        private long samples;
        private double min = Double.MAX_VALUE;
        private double max;
        /** System.nanoTime() of the last append or heartbeat response from this follower; 0 = none yet. */
        private volatile long lastHeardNanos;

        /** When this follower last answered an append or heartbeat (System.nanoTime()); 0 = never. */
        public long lastHeardNanos() {
            return lastHeardNanos;
        }

        synchronized void ping(long nanos) {
            if (pingSentNanos == 0) {
                pingSentNanos = nanos;
            }
        }

        /** The round trip in nanoseconds, or -1 when no heartbeat was outstanding. */
        synchronized long pong(long nanos) {
            if (pingSentNanos == 0) {
                return -1;
            }
            long roundTripNanos = nanos - pingSentNanos;
            double ms = roundTripNanos / 1e6;
            pingSentNanos = 0;
            current = ms;
            sum += ms;
            sumSquares += ms * ms;
            samples++;
            min = Math.min(min, ms);
            max = Math.max(max, ms);
            return roundTripNanos;
        }

        synchronized void succeeded() {
            success++;
        }

        synchronized void failed() {
            fail++;
        }

        public synchronized Snapshot snapshot() {
            double avg = samples == 0 ? 0 : sum / samples;
            double variance = samples == 0 ? 0 : Math.max(0, sumSquares / samples - avg * avg);
            return new Snapshot(current, avg, Math.sqrt(variance), samples == 0 ? 0 : min, max, success, fail);
        }

        public record Snapshot(
                double current,
                double average,
                double standardDeviation,
                double minimum,
                double maximum,
                long success,
                long fail) {}
    }

    void sent(List<Message> messages) {
        long now = System.nanoTime();
        for (Message m : messages) {
            if (m.type() == MessageType.MsgApp) {
                sentAppends.incrementAndGet();
            } else if (m.type() == MessageType.MsgHeartbeat) {
                follower(m.to()).ping(now);
            }
        }
    }

    void received(Message m) {
        switch (m.type()) {
            case MsgApp -> receivedAppends.incrementAndGet();
            case MsgAppResp -> {
                follower(m.from()).lastHeardNanos = System.nanoTime();
                if (m.reject()) {
                    follower(m.from()).failed();
                } else {
                    follower(m.from()).succeeded();
                }
            }
            case MsgHeartbeatResp -> {
                Follower f = follower(m.from());
                f.lastHeardNanos = System.nanoTime();
                long roundTripNanos = f.pong(f.lastHeardNanos);
                if (roundTripNanos >= 0) {
                    timings.peerRoundTrip(m.from(), roundTripNanos);
                }
            }
            default -> {}
        }
    }

    void failed(long peerId) {
        follower(peerId).failed();
    }

    void dropped() {
        droppedInbound.incrementAndGet();
    }

    void leaderChanged(long newLeaderId, Instant now) {
        if (newLeaderId != leaderId) {
            if (newLeaderId != 0) {
                leaderChanges.incrementAndGet();
            }
            leaderId = newLeaderId;
            leaderSince = now;
            if (newLeaderId == 0) {
                followers.clear();
            }
        }
    }

    private Follower follower(long id) {
        return followers.computeIfAbsent(id, k -> new Follower());
    }

    public String selfName() {
        return selfName;
    }

    public Instant startTime() {
        return startTime;
    }

    public Instant leaderSince() {
        return leaderSince;
    }

    public long sentAppends() {
        return sentAppends.get();
    }

    /** Times this member saw a new leader (a leader id other than the previous one, none in between counting). */
    public long leaderChanges() {
        return leaderChanges.get();
    }

    void observeTimings(Timings timings) {
        this.timings = timings;
    }

    public long receivedAppends() {
        return receivedAppends.get();
    }

    /** Per follower id, for /v2/stats/leader. */
    public Map<Long, Follower> followers() {
        return followers;
    }
}
