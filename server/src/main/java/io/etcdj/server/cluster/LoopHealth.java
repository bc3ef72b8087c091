package io.etcdj.server.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this member's own threads (the Raft loop, the apply loop, the snapshot writer) are alive and moving. Each
 * loop beats on every turn (the Raft loop at least every tick, the apply loop at least every 100 ms while idle), so a
 * loop that stops beating is dead or stuck. The first failure of a loop is final: {@link #failure()} completes and the
 * process is expected to stop (fail-stop): a member that can no longer persist or apply must not keep answering as
 * if it could.
 *
 * <p>Thread-safe: loops beat from their own threads, HTTP threads ask {@link #problem()}.
 */
public final class LoopHealth {
    private static final Logger LOG = LoggerFactory.getLogger(LoopHealth.class);
    /** A loop that has not turned for this long is reported stuck (the Raft loop turns every 10 ms when idle). */
    static final long STALL_MS = 5_000;

    private final CompletableFuture<String> failure = new CompletableFuture<>();
    private volatile long raftBeatNanos = System.nanoTime();
    private volatile long applyBeatNanos = System.nanoTime();
    private volatile Thread raftThread;
    private volatile Thread applyThread;

    void watchRaft(Thread thread) {
        raftThread = thread;
        raftBeatNanos = System.nanoTime();
    }

    void watchApply(Thread thread) {
        applyThread = thread;
        applyBeatNanos = System.nanoTime();
    }

    void raftBeat(long nowNanos) {
        raftBeatNanos = nowNanos;
    }

    void applyBeat() {
        applyBeatNanos = System.nanoTime();
    }

    /** A loop died or gave up: logged once with its cause, then the failure future completes. */
    void failed(String loop, Throwable cause) {
        String reason = loop + " failed: " + (cause == null ? "stopped" : cause.toString());
        if (!failure.isDone()) {
            LOG.error("{}; this member stops (fail-stop)", reason, cause);
        }
        failure.complete(reason);
    }

    /** Completes, with the reason, when a loop of this member has failed. */
    public CompletableFuture<String> failure() {
        return failure;
    }

    /** Null while both loops are alive and turning; otherwise what is wrong, for /health and /v2/stats/self. */
    public String problem() {
        if (failure.isDone()) {
            return failure.getNow("failed");
        }
        long now = System.nanoTime();
        String raft = check("the raft loop", raftThread, raftBeatNanos, now);
        return raft != null ? raft : check("the apply loop", applyThread, applyBeatNanos, now);
    }

    private static String check(String loop, Thread thread, long beatNanos, long now) {
        if (thread == null) {
            return null; // not started yet
        }
        if (!thread.isAlive()) {
            return loop + " is not running";
        }
        long silentMs = TimeUnit.NANOSECONDS.toMillis(now - beatNanos);
        return silentMs > STALL_MS ? loop + " has not moved for " + silentMs + " ms" : null;
    }
}
