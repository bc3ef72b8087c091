package io.etcdj.store;

import java.time.Instant;
import java.util.List;

/**
 * An immutable picture of one node as etcd shows it in a response. Fields that etcd omits are null (value of a
 * directory, expiration of a permanent node, nodes of a key or of a non-listed directory).
 *
 * @param key           the full path, e.g. "/foo/bar"; "/" for the root
 * @param value         the value of a key; null for a directory and in delete/expire events
 * @param dir           true for a directory
 * @param expiration    when the node expires; null if permanent
 * @param ttlSeconds    seconds left, rounded up, computed from the store's clock when the view was made; 0 if permanent
 * @param modifiedIndex store index of the last change (0 for the root)
 * @param createdIndex  store index of the creation (0 for the root)
 * @param nodes         children (for a directory listed by get); null otherwise
 */
public record NodeView(
        String key,
        String value,
        boolean dir,
        Instant expiration,
        long ttlSeconds,
        long modifiedIndex,
        long createdIndex,
        List<NodeView> nodes) {}
