package io.etcdj.server.http;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What watch delivery has done, for operators: watchers cut off (counted by reason; logged at WARN, at most
 * {@link #WARNINGS_PER_INTERVAL} lines per {@link #WARN_INTERVAL_NANOS}, the next line saying how many went
 * unlogged), events encoded, bytes held.
 */
public final class WatchStats {
    private static final Logger LOG = LoggerFactory.getLogger(WatchStats.class);
    /** A stalled herd of watchers is cut off in one burst: a few lines for it, not one per watcher. */
    static final long WARN_INTERVAL_NANOS = 10_000_000_000L;

    static final int WARNINGS_PER_INTERVAL = 3;

    /** Why a watcher was cut off. */
    enum CutOff {
        /** It held more than its own bound (bytes or events) of events not yet taken by its client. */
        WATCHER_BOUND("it held too many events its client had not read"),
        /** The watchers of the node together held more than the total; it held the most. */
        TOTAL_BOUND("the watchers of this node held too much, and it held the most"),
        /** The events waiting to be encoded were at their bound when one for it came. */
        HANDOFF_FULL("watch delivery fell behind the writes"),
        /** Its event could not be encoded (a bug; logged with the cause). */
        ENCODING_FAILED("its event could not be encoded");

        final String why;

        CutOff(String why) {
            this.why = why;
        }
    }

    private final EnumMap<CutOff, LongAdder> cutOffs = new EnumMap<>(CutOff.class);
    private final LongAdder eventsEncoded = new LongAdder();
    private final WatchBudget budget;
    private final WatchLimits limits;
    /** Guarded by this: the current warning window and what it has logged. */
    private long windowEndNanos = System.nanoTime();

    private int warnedInWindow;
    private long unloggedSinceWarning;

    WatchStats(WatchBudget budget, WatchLimits limits) {
        this.budget = budget;
        this.limits = limits;
        for (CutOff reason : CutOff.values()) {
            cutOffs.put(reason, new LongAdder());
        }
    }

    void encoded() {
        eventsEncoded.increment();
    }

    void cutOff(CutOff reason, String key, long bytes, int events) {
        cutOffs.get(reason).increment();
        long unlogged;
        boolean lastInWindow;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - windowEndNanos >= 0) {
                windowEndNanos = now + WARN_INTERVAL_NANOS;
                warnedInWindow = 0;
            }
            if (warnedInWindow == WARNINGS_PER_INTERVAL) {
                unloggedSinceWarning++;
                return;
            }
            warnedInWindow++;
            lastInWindow = warnedInWindow == WARNINGS_PER_INTERVAL;
            unlogged = unloggedSinceWarning;
            unloggedSinceWarning = 0;
        }
        LOG.warn(
                "watch of {} cut off, its stream ended: {} ({} bytes in {} events queued; bounds: {} bytes or {} "
                        + "events per watcher, {} bytes for all watchers){}{}",
                key,
                reason.why,
                bytes,
                events,
                limits.maxWatcherBytes(),
                limits.maxWatcherEvents(),
                limits.maxTotalBytes(),
                unlogged == 0 ? "" : "; " + unlogged + " more watchers were cut off without a message before this",
                lastInWindow
                        ? "; further cut-offs are counted but not logged for up to "
                                + WARN_INTERVAL_NANOS / 1_000_000_000L + " s"
                        : "");
    }

    /** Watchers cut off since start, all reasons. */
    public long cutOffs() {
        long n = 0;
        for (LongAdder a : cutOffs.values()) {
            n += a.sum();
        }
        return n;
    }

    long cutOffs(CutOff reason) {
        return cutOffs.get(reason).sum();
    }

    /** Times an event was encoded to JSON for watchers (once per event, however many watchers it went to). */
    public long eventsEncoded() {
        return eventsEncoded.sum();
    }

    /** The counters, for a metrics endpoint: names are stable. */
    public LinkedHashMap<String, Long> snapshot() {
        LinkedHashMap<String, Long> m = new LinkedHashMap<>();
        m.put("watchersCutOff", cutOffs());
        m.put("watchersCutOffWatcherBound", cutOffs(CutOff.WATCHER_BOUND));
        m.put("watchersCutOffTotalBound", cutOffs(CutOff.TOTAL_BOUND));
        m.put("watchersCutOffHandOffFull", cutOffs(CutOff.HANDOFF_FULL));
        m.put("watchersCutOffEncodingFailed", cutOffs(CutOff.ENCODING_FAILED));
        m.put("watchEventsEncoded", eventsEncoded());
        m.put("watchBytesLive", budget.liveBytes());
        m.put("watchBytesHeld", budget.heldBytes());
        return m;
    }
}
