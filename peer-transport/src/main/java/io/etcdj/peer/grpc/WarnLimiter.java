package io.etcdj.peer.grpc;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * At most one WARN line per interval, with the number of warnings left out since the last one: a broken or hostile
 * peer can send thousands of bad messages a second, and the operator needs to learn of them, not drown in them.
 * Thread-safe.
 */
final class WarnLimiter {
    private final Logger log;
    private final long intervalNanos;
    private long nextNanos = System.nanoTime();
    private long suppressed;

    WarnLimiter(Logger log, long intervalMs) {
        this.log = log;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
    }

    /** Logs {@code line} unless one was logged less than an interval ago; then only counts it. */
    void warn(String line) {
        long left;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - nextNanos < 0) {
                suppressed++;
                return;
            }
            nextNanos = now + intervalNanos;
            left = suppressed;
            suppressed = 0;
        }
        log.warn(left == 0 ? line : line + " (and " + left + " similar since the last such warning)");
    }
}
