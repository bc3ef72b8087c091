package io.etcdj.peer;

/**
 * What a Remove call means: a removal for the leader to make, or the leader's notice to a member it removed. On the
 * wire each has an explicit code (raft.proto's {@code RemovalKind}), never this enum's ordinal.
 */
public enum RemovalKind {
    /** From a member that predates the kind: a request, or a notice when it names the receiver (ambiguous then). */
    UNSPECIFIED,
    /** Remove the named member; only the leader can, and it answers once the removal is applied. */
    REQUEST,
    /** "You have been removed", from the leader to the member it removed. */
    NOTICE
}
