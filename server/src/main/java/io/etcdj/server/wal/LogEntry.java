package io.etcdj.server.wal;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Raft log entry as the WAL stores it. {@code type} is 0 for a normal command and 1 for a
 * configuration change; the WAL does not interpret it (or {@code data}).
 *
 * <p>equals/hashCode/toString are content-based because the record defaults compare the byte
 * array by identity, which makes every comparison of recovered entries silently false.
 */
public record LogEntry(long term, long index, int type, byte[] data) {

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEntry e
                && term == e.term
                && index == e.index
                && type == e.type
                && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(term, index, type) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "LogEntry[term=" + term + ", index=" + index + ", type=" + type + ", data=" + data.length + " bytes]";
    }
}
