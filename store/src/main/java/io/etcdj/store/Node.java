package io.etcdj.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One node of the keyspace tree: a key (value non-null, children null) or a directory (children non-null). Mutable,
 * and only touched under the store's lock. Children keep insertion order so listings are deterministic and follow
 * creation order.
 */
final class Node {
    private static final Comparator<NodeView> BY_KEY = Comparator.comparing(NodeView::key);

    final String path;
    final String name;
    final Node parent;
    final long createdIndex;
    long modifiedIndex;
    String value;
    final LinkedHashMap<String, Node> children;
    Instant expireTime;

    private Node(String path, Node parent, long createdIndex, String value, boolean dir, Instant expireTime) {
        this.path = path;
        this.name = KeyPaths.baseName(path);
        this.parent = parent;
        this.createdIndex = createdIndex;
        this.modifiedIndex = createdIndex;
        this.value = dir ? null : value;
        this.children = dir ? new LinkedHashMap<>() : null;
        this.expireTime = expireTime;
    }

    static Node newKey(String path, Node parent, long index, String value, Instant expireTime) {
        return new Node(path, parent, index, value == null ? "" : value, false, expireTime);
    }

    static Node newDir(String path, Node parent, long index, Instant expireTime) {
        return new Node(path, parent, index, null, true, expireTime);
    }

    boolean isDir() {
        return children != null;
    }

    boolean isHidden() {
        return !name.isEmpty() && name.charAt(0) == '_';
    }

    /** ceil((expiration - now) in seconds), as etcd shows "ttl"; may be <= 0 once due; 0 for permanent nodes. */
    static long ttlSeconds(Instant expireTime, Instant now) {
        if (expireTime == null) {
            return 0;
        }
        Duration left = Duration.between(now, expireTime);
        // getSeconds() floors and getNano() is the non-negative rest, so this is the ceiling for either sign.
        return left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
    }

    /** The node alone, as a prevNode or a non-recursive child is shown: directories without their children. */
    NodeView view(Instant now) {
        return new NodeView(
                path, value, isDir(), expireTime, ttlSeconds(expireTime, now), modifiedIndex, createdIndex, null);
    }

    /**
     * The node as get shows it: a directory lists its visible children, one level or (recursive) the whole subtree.
     * Hidden children are left out of listings but stay readable by their own key.
     */
    NodeView listedView(boolean recursive, boolean sorted, Instant now) {
        if (!isDir()) {
            return view(now);
        }
        List<NodeView> nodes = new ArrayList<>(children.size());
        for (Node child : children.values()) {
            if (child.isHidden()) {
                continue;
            }
            nodes.add(recursive && child.isDir() ? child.listedView(true, sorted, now) : child.view(now));
        }
        if (sorted) {
            nodes.sort(BY_KEY);
        }
        return new NodeView(
                path,
                null,
                true,
                expireTime,
                ttlSeconds(expireTime, now),
                modifiedIndex,
                createdIndex,
                Collections.unmodifiableList(nodes));
    }
}
