package io.etcdj.server.cluster;

import io.etcdj.server.node.ProposalRejectedException;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients waiting for their entry (or read) to be applied, by request id. Bounded; every wait has a deadline, so a
 * proposal lost with a leader change answers an error instead of hanging.
 *
 * <p>Ids start at a random point so that an entry proposed before a restart can never complete a request made
 * after it.
 */
final class PendingRequests<T> {
    private final Map<Long, CompletableFuture<T>> waiting = new ConcurrentHashMap<>();
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
        waiting.put(id, future);
        long registeredId = id;
        future.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((v, e) -> waiting.remove(registeredId));
        return new Registered<>(registeredId, future);
    }

    /** Completes the request if it is ours (an entry of another member's, or one we gave up on, is not). */
    void complete(long id, T value) {
        CompletableFuture<T> f = waiting.remove(id);
        if (f != null) {
            f.complete(value);
        }
    }

    void fail(long id, String why) {
        CompletableFuture<T> f = waiting.remove(id);
        if (f != null) {
            f.completeExceptionally(new ProposalRejectedException(why));
        }
    }

    void failAll(String why) {
        for (Long id : waiting.keySet()) {
            fail(id, why);
        }
    }

    int size() {
        return waiting.size();
    }

    /** A timeout reads better to a client as the reason than as an exception class. */
    static Throwable explain(Throwable failure, String what) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return new ProposalRejectedException("timed out waiting for the " + what + " to commit");
        }
        return cause;
    }

    String what() {
        return what;
    }

    record Registered<T>(long id, CompletableFuture<T> future) {
    }
}
