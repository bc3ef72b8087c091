package io.etcdj.server.wal;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress lines for the WAL replay at start-up, which can take seconds on a large log: a line every
 * {@link #PROGRESS_EVERY_NANOS} while it runs, and a summary with the rate at the end, e.g. {@code replayed the WAL:
 * 120000 records, 45.0 MB in 1.8 s (66000 records/s)}. The clock is read once per {@link #CHECK_EVERY_RECORDS}
 * records, so counting costs nothing measurable.
 */
final class ReplayProgress {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayProgress.class);
    static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int CHECK_EVERY_RECORDS = 4096;

    private final long startNanos = System.nanoTime();
    private final long totalBytes;
    private long nextLineNanos = startNanos + PROGRESS_EVERY_NANOS;
    private long records;
    private long bytes;

    /** @param totalBytes the segments' size on disk (preallocated: an upper bound of the bytes to read) */
    ReplayProgress(long totalBytes) {
        this.totalBytes = totalBytes;
    }

    /** One record of {@code recordBytes} was replayed. */
    void record(int recordBytes) {
        records++;
        bytes += recordBytes;
        if (records % CHECK_EVERY_RECORDS == 0) {
            long now = System.nanoTime();
            if (now >= nextLineNanos) {
                nextLineNanos = now + PROGRESS_EVERY_NANOS;
                LOG.info(
                        "replaying the WAL: {} records, {} so far ({} s; segments on disk: {})",
                        records,
                        megabytes(bytes),
                        seconds(now - startNanos),
                        megabytes(totalBytes));
            }
        }
    }

    /** The summary line, once the log is read. */
    void done() {
        long elapsed = Math.max(1, System.nanoTime() - startNanos);
        LOG.info(
                "replayed the WAL: {} records, {} in {} s ({} records/s)",
                records,
                megabytes(bytes),
                seconds(elapsed),
                records * TimeUnit.SECONDS.toNanos(1) / elapsed);
    }

    long records() {
        return records;
    }

    static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    private static String seconds(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }
}
