package io.etcdj.store;

import java.util.Arrays;

/**
 * The last {@code capacity} events (etcd keeps 1000), for watches that start at an older index. Every store index
 * has exactly one event, so the events held are consecutive and the one for index i sits at a computable slot.
 * Guarded by the store's lock.
 */
final class EventHistory {
    private final Event[] ring;
    private int front;
    private int size;
    /** The index of the oldest event held; when empty, the index the next event will have. */
    private long startIndex;

    EventHistory(int capacity, long currentIndex) {
        this.ring = new Event[capacity];
        reset(currentIndex);
    }

    /** Forgets every event: the history now starts after {@code currentIndex}. */
    void reset(long currentIndex) {
        Arrays.fill(ring, null);
        front = 0;
        size = 0;
        startIndex = currentIndex + 1;
    }

    void add(Event e) {
        if (e.index() != startIndex + size) {
            throw new IllegalStateException(
                    "event index " + e.index() + " breaks the sequence at " + (startIndex + size));
        }
        if (size == ring.length) {
            ring[front] = e;
            front = (front + 1) % ring.length;
            startIndex++;
        } else {
            ring[(front + size) % ring.length] = e;
            size++;
        }
    }

    /** The oldest index a watch may start from without missing events. */
    long startIndex() {
        return startIndex;
    }

    /** The index of the newest event held, or startIndex - 1 when empty. */
    long lastIndex() {
        return startIndex + size - 1;
    }

    /** The event with the given index, which must lie in [startIndex, lastIndex]. */
    Event get(long index) {
        long offset = index - startIndex;
        if (offset < 0 || offset >= size) {
            throw new IndexOutOfBoundsException(
                    "index " + index + " outside [" + startIndex + ", " + lastIndex() + "]");
        }
        return ring[(int) ((front + offset) % ring.length)];
    }
}
