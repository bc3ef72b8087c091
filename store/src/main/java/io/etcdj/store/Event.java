package io.etcdj.store;

/**
 * The result of a store operation, or what a watcher is told.
 *
 * @param action   what happened
 * @param node     the node after the operation (for delete/expire/compareAndDelete: key, dir and indices only)
 * @param prevNode the node before a mutation (non-recursive view), or null
 * @param index    for mutations, the store index the event was given (= node.modifiedIndex); for get, the store index
 *                 at the time of the read (etcd's X-Etcd-Index)
 */
public record Event(Action action, NodeView node, NodeView prevNode, long index) {}
