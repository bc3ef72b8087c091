package io.etcdj.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member's wall clock with a test-only offset, for the fault suite's clock jumps: switched on only by the system
 * property {@value #PROPERTY} naming a file that holds an offset in milliseconds (never by a flag, and it warns
 * loudly when on). The file is re-read at most every {@value #RECHECK_MS} ms, so a test jumps the clock of a running
 * member by rewriting it. A missing or unreadable file means no offset.
 */
final class FaultClock extends Clock {
    static final String PROPERTY = "etcdj.fault.clockOffsetFile";
    private static final long RECHECK_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(FaultClock.class);

    private final OffsetFile offset;
    private final ZoneId zone;

    private FaultClock(OffsetFile offset, ZoneId zone) {
        this.offset = offset;
        this.zone = zone;
    }

    /** The system clock (UTC), or with the offset of the file the property names. */
    static Clock fromSystemProperty() {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return Clock.systemUTC();
        }
        LOG.warn(
                "FAULT INJECTION ON: -D{}={} (a test setting; this member's wall clock follows that file)",
                PROPERTY,
                file);
        return new FaultClock(new OffsetFile(Path.of(file)), ZoneOffset.UTC);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same offset (one file, read once per interval) in another zone. */
    @Override
    public Clock withZone(ZoneId newZone) {
        return new FaultClock(offset, newZone);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(System.currentTimeMillis()).plusMillis(offset.millis());
    }

    /** The offset file and its last reading, shared by every zone's view of the clock. */
    private static final class OffsetFile {
        private final Path path;
        private long offsetMs;
        private long checkedAtNanos;
        private boolean checked;

        OffsetFile(Path path) {
            this.path = path;
        }

        synchronized long millis() {
            long now = System.nanoTime();
            if (!checked || now - checkedAtNanos > RECHECK_MS * 1_000_000) {
                checked = true;
                checkedAtNanos = now;
                long previous = offsetMs;
                try {
                    offsetMs = Long.parseLong(
                            Files.readString(path, StandardCharsets.US_ASCII).trim());
                } catch (IOException | NumberFormatException e) {
                    offsetMs = 0;
                }
                if (offsetMs != previous) {
                    LOG.warn("FAULT INJECTION: this member's wall clock is now {} ms off", offsetMs);
                }
            }
            return offsetMs;
        }
    }
}
