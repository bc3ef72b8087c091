package io.etcdj.raft;

/** One-server-at-a-time membership changes (Raft paper §6 / thesis §4.1). */
public enum ConfChangeType {
    ADD_NODE,
    REMOVE_NODE
}
