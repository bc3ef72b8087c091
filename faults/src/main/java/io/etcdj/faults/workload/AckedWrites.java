package io.etcdj.faults.workload;

import java.util.ArrayList;
import java.util.List;

/** Writes etcd acknowledged, with the index it gave each: what every watcher covering that index must have seen. */
public final class AckedWrites {
    /** One acknowledged write. */
    public record Acked(String key, String value, long modifiedIndex) {}

    private final List<Acked> writes = new ArrayList<>();

    public synchronized void add(String key, String value, long modifiedIndex) {
        writes.add(new Acked(key, value, modifiedIndex));
    }

    public synchronized List<Acked> all() {
        return List.copyOf(writes);
    }
}
