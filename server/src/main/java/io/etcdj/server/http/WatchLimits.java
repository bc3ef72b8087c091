package io.etcdj.server.http;

/**
 * The bounds on what a node's watchers may hold (see {@link WatchBudget} and {@link WatchDispatcher}).
 *
 * @param maxWatcherBytes    encoded event bytes one watcher may hold (queued, or written but not yet taken by the
 *                           socket) before it is cut off; a single event larger than this is still let through when
 *                           the watcher holds nothing else
 * @param maxWatcherEvents   events one watcher may hold before it is cut off
 * @param maxTotalBytes      encoded event bytes all live watchers of the node may hold together, each event counted
 *                           once however many watchers share it; above it the watchers holding most are cut off
 * @param maxPendingEvents   events waiting to be encoded (handed off by the apply thread, not yet taken by the
 *                           delivery thread); when full, the watchers of a further event are cut off
 * @param maxPendingBytes    the same queue bounded by an estimate of the events' size (their keys and values)
 * @param cutOffGraceMs      how long a cut-off watcher's client has to take the end of its stream before the
 *                           connection is closed instead
 */
record WatchLimits(
        long maxWatcherBytes,
        int maxWatcherEvents,
        long maxTotalBytes,
        int maxPendingEvents,
        long maxPendingBytes,
        long cutOffGraceMs) {
    /** 4 MiB per watcher: about 40 events of 100 KB, far more than a client that reads ever has queued. */
    static final long DEFAULT_MAX_WATCHER_BYTES = 4L << 20;
    /** etcd 0.4 let a stream fall 100 events behind; the previous bound of this server was 1000. */
    static final int DEFAULT_MAX_WATCHER_EVENTS = 1000;
    /** At most 64 MiB, and never more than a quarter of the heap: the rest is the keyspace, history and requests. */
    static final long DEFAULT_MAX_TOTAL_BYTES = 64L << 20;
    /**
     * The apply thread outruns encoding only in bursts (a follower catching up); 10,000 events or about 64 MiB of
     * keys and values is a burst of seconds. The history keeps the last 1000 events alive anyway.
     */
    static final int DEFAULT_MAX_PENDING_EVENTS = 10_000;

    static final long DEFAULT_MAX_PENDING_BYTES = 64L << 20;
    /** Long enough for a client that reads to take the rest of a large event; short enough to free a stalled one. */
    static final long DEFAULT_CUT_OFF_GRACE_MS = 3_000;

    WatchLimits {
        if (maxWatcherBytes <= 0
                || maxWatcherEvents <= 0
                || maxTotalBytes <= 0
                || maxPendingEvents <= 0
                || maxPendingBytes <= 0
                || cutOffGraceMs <= 0) {
            throw new IllegalArgumentException("watch limits must be positive: " + maxWatcherBytes + ", "
                    + maxWatcherEvents + ", " + maxTotalBytes + ", " + maxPendingEvents + ", " + maxPendingBytes
                    + ", " + cutOffGraceMs);
        }
    }

    /** The defaults, with the total derived from this JVM's maximum heap. */
    static WatchLimits defaults() {
        long quarterHeap = Runtime.getRuntime().maxMemory() / 4;
        return new WatchLimits(
                DEFAULT_MAX_WATCHER_BYTES,
                DEFAULT_MAX_WATCHER_EVENTS,
                Math.min(DEFAULT_MAX_TOTAL_BYTES, quarterHeap),
                DEFAULT_MAX_PENDING_EVENTS,
                Math.min(DEFAULT_MAX_PENDING_BYTES, quarterHeap),
                DEFAULT_CUT_OFF_GRACE_MS);
    }
}
