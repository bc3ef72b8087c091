package io.etcdj.raft.tracker;

/**
 * The last indexes of the MsgApps sent to one follower and not yet acknowledged: a ring buffer with a fixed
 * capacity, which bounds how far the leader pipelines ahead of a follower. Indexes are added in increasing order.
 */
public final class Inflights {
    private final long[] buffer;
    private int start;
    private int count;

    public Inflights(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.buffer = new long[capacity];
    }

    public void add(long index) {
        if (full()) {
            throw new IllegalStateException("cannot add into a full inflights");
        }
        if (count > 0 && buffer[(start + count - 1) % buffer.length] >= index) {
            throw new IllegalStateException("inflight index " + index + " not increasing");
        }
        buffer[(start + count) % buffer.length] = index;
        count++;
    }

    /** Frees every inflight message whose last index is at or below {@code to}. */
    public void freeLE(long to) {
        while (count > 0 && buffer[start] <= to) {
            start = (start + 1) % buffer.length;
            count--;
        }
        if (count == 0) {
            start = 0;
        }
    }

    /** Frees the oldest, so a heartbeat response lets one message through when the window is stuck full. */
    public void freeFirstOne() {
        if (count > 0) {
            freeLE(buffer[start]);
        }
    }

    public boolean full() {
        return count == buffer.length;
    }

    public int count() {
        return count;
    }

    public int capacity() {
        return buffer.length;
    }

    public void reset() {
        start = 0;
        count = 0;
    }
}
