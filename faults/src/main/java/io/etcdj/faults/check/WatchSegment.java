package io.etcdj.faults.check;

import java.util.List;

/**
 * A stretch of watching without a gap: the watcher asked for events from {@code fromIndex} (waitIndex) and, event
 * after event, re-watched from the next index, so it vouches for having received every event on its keys with an index
 * in {@code fromIndex..throughIndex}. A watcher that had to restart (401 "event index cleared": etcd keeps the last
 * 1,000 events) starts a new segment at the index it resumed from; the indexes in between are a gap it declared.
 *
 * @param fromIndex the first index watched (at least 1)
 * @param throughIndex the last index covered: normally the last event's index (see {@link #ofEvents}), or more if the
 *     workload knows the watcher was caught up further (fromIndex - 1 for a segment that covers nothing)
 * @param events the events received, in the order received
 */
public record WatchSegment(long fromIndex, long throughIndex, List<WatchEvent> events) {
    public WatchSegment {
        events = List.copyOf(events);
        if (fromIndex < 1) {
            throw new IllegalArgumentException("a watch segment starts at index 1 or later, not " + fromIndex);
        }
        long last = events.stream().mapToLong(WatchEvent::modifiedIndex).max().orElse(fromIndex - 1);
        if (throughIndex < Math.max(fromIndex - 1, last)) {
            throw new IllegalArgumentException("a watch segment from " + fromIndex + " that received index " + last
                    + " cannot cover only through " + throughIndex);
        }
    }

    /** A segment covering {@code fromIndex} through its last event's index. */
    public static WatchSegment ofEvents(long fromIndex, List<WatchEvent> events) {
        long last = events.stream().mapToLong(WatchEvent::modifiedIndex).max().orElse(fromIndex - 1);
        return new WatchSegment(fromIndex, Math.max(last, fromIndex - 1), events);
    }
}
