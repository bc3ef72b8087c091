package io.etcdj.server.cluster;

import io.etcdj.server.command.ProposalRejectedException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Clients waiting for their entry (or read) to be applied, by request id. Bounded; every wait has a deadline, so a
 * proposal lost with a leader change answers an error instead of hanging.
 *
 * <p>Ids start at a random point so that an entry proposed before a restart can never complete a request made
 * after it.
 */
final class PendingRequests<T> {
    private final Map<Long, Waiting<T>> waiting = new ConcurrentHashMap<>();
    /** Requests answered with an error (timeout, rejection, the node stopping): etcd's proposals_failed_total. */
    private final LongAdder failed = new LongAdder();

    private final AtomicLong nextId = new AtomicLong(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final int capacity;
    private final long timeoutMs;
    private final String what;

    PendingRequests(int capacity, long timeoutMs, String what) {
        this.capacity = capacity;
        this.timeoutMs = timeoutMs;
        this.what = what;
    }

    /** A new id and its future, or null when too many are waiting. */
    Registered<T> register() {
        if (waiting.size() >= capacity) {
            return null;
        }
        long id = nextId.incrementAndGet();
        if (id == EntryData.NO_REQUEST) {
            id = nextId.incrementAndGet();
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        // No timer per request (a busy leader takes tens of thousands a second): expireOverdue() sweeps instead.
        waiting.put(id, new Waiting<>(future, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs)));
        return new Registered<>(id, future);
    }

    /** Fails every request older than the timeout; the Raft thread calls this about once a second. */
    void expireOverdue() {
        long now = System.nanoTime();
        for (Map.Entry<Long, Waiting<T>> e : waiting.entrySet()) {
            if (now - e.getValue().deadlineNanos() > 0 && waiting.remove(e.getKey(), e.getValue())) {
                failed.increment();
                e.getValue()
                        .future()
                        .completeExceptionally(new ProposalRejectedException(
                                "timed out after " + timeoutMs + " ms waiting for the " + what + " to commit"));
            }
        }
    }

    private record Waiting<T>(CompletableFuture<T> future, long deadlineNanos) {}

    /** Completes the request if it is ours (an entry of another member's, or one we gave up on, is not). */
    void complete(long id, T value) {
        Waiting<T> w = waiting.remove(id);
        if (w != null) {
            w.future().complete(value);
        }
    }

    void fail(long id, String why) {
        Waiting<T> w = waiting.remove(id);
        if (w != null) {
            failed.increment();
            w.future().completeExceptionally(new ProposalRejectedException(why));
        }
    }

    void failAll(String why) {
        for (Long id : waiting.keySet()) {
            fail(id, why);
        }
    }

    /** A request refused before it was registered (full, stopping) counts as failed too. */
    void countRefused() {
        failed.increment();
    }

    long failedCount() {
        return failed.sum();
    }

    int size() {
        return waiting.size();
    }

    record Registered<T>(long id, CompletableFuture<T> future) {}
}
