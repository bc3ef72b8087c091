package io.etcdj.faults.check;

import java.util.Objects;

/**
 * One event a watcher received.
 *
 * @param modifiedIndex the event's index (node.modifiedIndex)
 * @param action etcd's action: set, create, update, compareAndSwap, delete, expire, ...
 * @param key the node's key
 * @param value the node's value (null for a delete or expire, whose old value is in prevNode)
 */
public record WatchEvent(long modifiedIndex, String action, String key, String value) {
    public WatchEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(key, "key");
    }
}
