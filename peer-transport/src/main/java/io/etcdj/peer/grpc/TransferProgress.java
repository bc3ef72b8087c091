package io.etcdj.peer.grpc;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress lines for a snapshot sent to or received from a peer, which can take many seconds for a large keyspace:
 * a start line with the size, a line every {@link #EVERY_NANOS} or 10 % (whichever comes first, but not more often
 * than every {@link #MIN_GAP_NANOS}), and an end line with the time and rate, e.g. {@code sending snapshot at index
 * 120000 to 04a978112ca1bbdc: 45.0 MB of 45.0 MB (100 %) in 3.2 s (14.1 MB/s)}. Not thread-safe: one per transfer.
 */
final class TransferProgress {
    private static final Logger LOG = LoggerFactory.getLogger(TransferProgress.class);
    static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final long MIN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final String what;
    private final long totalBytes;
    private final long startNanos = System.nanoTime();
    private long lastLineNanos = startNanos;
    private long bytes;
    private int lastTenth;

    /**
     * @param what       e.g. "sending snapshot at index 9 to 04a978112ca1bbdc" (ids as MemberIds.hex)
     * @param totalBytes the snapshot's size
     */
    TransferProgress(String what, long totalBytes) {
        this.what = what;
        this.totalBytes = Math.max(0, totalBytes);
        LOG.info("{}: {} to transfer", what, megabytes(this.totalBytes));
    }

    /** {@code n} more bytes went through. */
    void add(long n) {
        bytes += n;
        long now = System.nanoTime();
        int tenth = totalBytes == 0 ? 10 : (int) Math.min(10, bytes * 10 / totalBytes);
        boolean timeForLine = now - lastLineNanos >= EVERY_NANOS;
        boolean nextTenth = tenth > lastTenth && tenth < 10 && now - lastLineNanos >= MIN_GAP_NANOS;
        if (timeForLine || nextTenth) {
            lastLineNanos = now;
            lastTenth = tenth;
            LOG.info("{}: {} ({} s)", what, soFar(), seconds(now - startNanos));
        }
    }

    /** The transfer finished (verified by the receiver, or received and verified here). */
    void done() {
        long elapsed = Math.max(1, System.nanoTime() - startNanos);
        LOG.info(
                "{}: done, {} in {} s ({}/s)",
                what,
                megabytes(bytes),
                seconds(elapsed),
                megabytes(bytes * TimeUnit.SECONDS.toNanos(1) / elapsed));
    }

    /** The transfer ended without success; the caller logs why. */
    void failed() {
        LOG.info("{}: stopped after {} ({} s)", what, soFar(), seconds(System.nanoTime() - startNanos));
    }

    private String soFar() {
        long percent = totalBytes == 0 ? 100 : bytes * 100 / totalBytes;
        return megabytes(bytes) + " of " + megabytes(totalBytes) + " (" + percent + " %)";
    }

    static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    private static String seconds(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }
}
