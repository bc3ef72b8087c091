package io.etcdj.server.cluster;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Counts input refused or dropped by kind (a peer message, a log entry...) and logs it at WARN, at most once per
 * {@value #LOG_EVERY_SECONDS} s per kind and variety (a message type, say) with the number suppressed since, so a
 * hostile or broken peer cannot flood the log, yet each sort of bad input shows up. Thread-safe.
 *
 * <p>Kinds are fixed by the callers and varieties come from small closed sets (an enum), never from free input,
 * which bounds the maps.
 */
final class RejectedInput {
    private static final long LOG_EVERY_SECONDS = 10;

    private final Logger log;
    private final Map<String, AtomicLong> totals = new ConcurrentHashMap<>();
    private final Map<String, Kind> logged = new ConcurrentHashMap<>();

    private static final class Kind {
        final AtomicLong suppressed = new AtomicLong();
        volatile long lastLoggedNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS + 1);
    }

    RejectedInput(Logger log) {
        this.log = log;
    }

    /** @param kind a fixed label ("peer message", "log entry"); @param detail what was wrong with this one */
    void reject(String kind, String detail) {
        reject(kind, "", detail);
    }

    /** As {@link #reject(String, String)}, rate-limited separately for each {@code variety} of the kind. */
    void reject(String kind, Object variety, String detail) {
        totals.computeIfAbsent(kind, x -> new AtomicLong()).incrementAndGet();
        Kind k = logged.computeIfAbsent(kind + "/" + variety, x -> new Kind());
        long now = System.nanoTime();
        long last = k.lastLoggedNanos;
        if (now - last < TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS)) {
            k.suppressed.incrementAndGet();
            return;
        }
        k.lastLoggedNanos = now;
        long suppressed = k.suppressed.getAndSet(0);
        log.warn(
                "refused {}: {}{}",
                kind,
                detail,
                suppressed == 0 ? "" : " (and " + suppressed + " more in the last " + LOG_EVERY_SECONDS + " s)");
    }

    /** How many of a kind were refused since start. */
    long count(String kind) {
        AtomicLong total = totals.get(kind);
        return total == null ? 0 : total.get();
    }

    /** Every kind with its count, for stats. */
    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        totals.forEach((kind, total) -> out.put(kind, total.get()));
        return out;
    }
}
