package io.etcdj.server.wal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disk faults for fault-injection tests, switched on only by the system property {@value #PROPERTY} (never by a flag:
 * an operator cannot turn it on by accident, and the WAL warns loudly when it is on):
 * <ul>
 *   <li>{@code fail-after:N} — every fsync after the first N throws, as a disk that went bad would;</li>
 *   <li>{@code delay:MS} — every fsync first waits MS milliseconds, as a slow or overloaded disk would.</li>
 * </ul>
 * A member whose fsync fails must stop (fail-stop), never acknowledge a write it could not make durable.
 */
final class FsyncFaults {
    static final String PROPERTY = "etcdj.fault.fsync";
    private static final Logger LOG = LoggerFactory.getLogger(FsyncFaults.class);
    static final FsyncFaults NONE = new FsyncFaults(Long.MAX_VALUE, 0);

    private final long failAfter;
    private final long delayMs;
    private final AtomicLong syncs = new AtomicLong();

    private FsyncFaults(long failAfter, long delayMs) {
        this.failAfter = failAfter;
        this.delayMs = delayMs;
    }

    /** From the system property; {@link #NONE} when it is not set. */
    static FsyncFaults fromSystemProperty() {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        FsyncFaults faults;
        try {
            if (spec.startsWith("fail-after:")) {
                faults = new FsyncFaults(Long.parseLong(spec.substring("fail-after:".length())), 0);
            } else if (spec.startsWith("delay:")) {
                faults = new FsyncFaults(Long.MAX_VALUE, Long.parseLong(spec.substring("delay:".length())));
            } else {
                throw new IllegalArgumentException("expected fail-after:N or delay:MS");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + spec + ": " + e.getMessage());
        }
        LOG.warn(
                "FAULT INJECTION ON: -D{}={} (a test setting; the write-ahead log's fsyncs will misbehave)",
                PROPERTY,
                spec);
        return faults;
    }

    /** Called before each fsync of the log. */
    void beforeSync() throws IOException {
        if (this == NONE) {
            return;
        }
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted during an injected fsync delay");
            }
        }
        if (syncs.incrementAndGet() > failAfter) {
            throw new IOException("injected fsync failure (-D" + PROPERTY + ")");
        }
    }
}
