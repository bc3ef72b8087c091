package io.etcdj.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * The nodes that have an expiration, ordered by expiration and then key, so the sweep removes them in a
 * deterministic order (etcd's ttlKeyHeap). A node must be removed before its expiration changes and re-added after.
 */
final class TtlIndex {
    // Live nodes have distinct paths, so (expiration, path) is a total order over what the set holds.
    private static final Comparator<Node> ORDER =
            Comparator.<Node, Instant>comparing(n -> n.expireTime).thenComparing(n -> n.path);

    private final TreeSet<Node> nodes = new TreeSet<>(ORDER);

    void add(Node node) {
        if (node.expireTime != null) {
            nodes.add(node);
        }
    }

    void remove(Node node) {
        if (node.expireTime != null) {
            nodes.remove(node);
        }
    }

    /** The node that expires first, or null. */
    Node first() {
        return nodes.isEmpty() ? null : nodes.first();
    }

    void clear() {
        nodes.clear();
    }

    int size() {
        return nodes.size();
    }
}
