package io.etcdj.server.cluster;

import org.slf4j.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts input refused or dropped by kind (a peer message of a local type, from an unknown member, an entry that
 * does not decode...) and logs it at WARN, at most once per {@value #LOG_EVERY_SECONDS} s per kind with the number
 * suppressed since, so a hostile or broken peer cannot flood the log. Thread-safe.
 *
 * <p>The kinds are few and fixed by the callers (never taken from the input), which bounds the map.
 */
final class RejectedInput {
    private static final long LOG_EVERY_SECONDS = 10;

    private final Logger log;
    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    private static final class Kind {
        final AtomicLong total = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
        volatile long lastLoggedNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS + 1);
    }

    RejectedInput(Logger log) {
        this.log = log;
    }

    /** @param kind a fixed label ("peer message", "log entry"); @param detail what was wrong with this one */
    void reject(String kind, String detail) {
        Kind k = kinds.computeIfAbsent(kind, x -> new Kind());
        k.total.incrementAndGet();
        long now = System.nanoTime();
        long last = k.lastLoggedNanos;
        if (now - last < TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS)) {
            k.suppressed.incrementAndGet();
            return;
        }
        k.lastLoggedNanos = now;
        long suppressed = k.suppressed.getAndSet(0);
        log.warn("refused {}: {}{}", kind, detail,
                suppressed == 0 ? "" : " (and " + suppressed + " more in the last " + LOG_EVERY_SECONDS + " s)");
    }

    /** How many of a kind were refused since start. */
    long count(String kind) {
        Kind k = kinds.get(kind);
        return k == null ? 0 : k.total.get();
    }

    /** Every kind with its count, for stats. */
    Map<String, Long> counts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        kinds.forEach((kind, k) -> out.put(kind, k.total.get()));
        return out;
    }
}
