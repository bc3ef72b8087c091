package io.etcdj.peer.grpc;

import java.time.Duration;

/**
 * Doubling reconnect delay between a minimum and a maximum. Bounded so that a peer that comes back is talked to
 * again within {@code max}; doubling so that a peer that stays down costs little. Thread-safe: the sender thread
 * asks for delays, the gRPC callback that sees a stream open resets it.
 */
final class Backoff {
    private final long minNanos;
    private final long maxNanos;
    private long nextNanos;

    Backoff(Duration min, Duration max) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.nextNanos = minNanos;
    }

    /** The delay to wait now; the following one is twice as long, up to the maximum. */
    synchronized long nextDelayNanos() {
        long delay = nextNanos;
        nextNanos = Math.min(maxNanos, nextNanos * 2);
        return delay;
    }

    synchronized void reset() {
        nextNanos = minNanos;
    }
}
