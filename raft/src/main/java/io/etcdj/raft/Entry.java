package io.etcdj.raft;

import java.util.Arrays;
import java.util.Objects;

/**
 * One log entry. {@code data} is never null (an empty array for the leader's no-op entry) and must not be mutated
 * after it is handed to Raft: entries are shared, not copied, between the log, {@link Ready} and messages.
 */
public record Entry(long term, long index, EntryType type, byte[] data) {
    static final byte[] EMPTY = new byte[0];
    /** Bytes an entry counts for in size limits besides its data (term, index, type). */
    static final int OVERHEAD_BYTES = 24;

    public Entry {
        Objects.requireNonNull(type, "type");
        data = data == null ? EMPTY : data;
    }

    public static Entry normal(long term, long index, byte[] data) {
        return new Entry(term, index, EntryType.NORMAL, data);
    }

    /** The bytes this entry counts for against {@code maxSizePerMsgBytes} and similar limits. */
    public long sizeBytes() {
        return data.length + OVERHEAD_BYTES;
    }

    Entry withTermAndIndex(long newTerm, long newIndex) {
        return new Entry(newTerm, newIndex, type, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e
                && e.term == term
                && e.index == index
                && e.type == type
                && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(term, index, type) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return Describe.entry(this);
    }
}
