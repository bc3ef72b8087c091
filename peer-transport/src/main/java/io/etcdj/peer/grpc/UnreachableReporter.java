package io.etcdj.peer.grpc;

import io.etcdj.peer.DeliveryReports;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reports a peer unreachable at most once per interval. A full queue drops thousands of messages in a burst; one
 * report is all Raft needs to switch the follower to probing, and thousands would flood the Raft loop's inbox.
 */
final class UnreachableReporter {
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long peerId;
    private final DeliveryReports reports;
    private final AtomicLong lastNanos = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

    UnreachableReporter(long peerId, DeliveryReports reports) {
        this.peerId = peerId;
        this.reports = reports;
    }

    void report() {
        long now = System.nanoTime();
        long last = lastNanos.get();
        if (now - last >= INTERVAL_NANOS && lastNanos.compareAndSet(last, now)) {
            reports.reportUnreachable(peerId);
        }
    }
}
