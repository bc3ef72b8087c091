package io.etcdj.raft;

/**
 * A proposal (or a ReadIndex or transfer request) was not accepted: no known leader, a leadership transfer in
 * progress, this node no longer a member, or too many uncommitted bytes. The caller may retry, possibly elsewhere.
 */
public final class ProposalDroppedException extends RuntimeException {
    public ProposalDroppedException(String reason) {
        super("raft proposal dropped: " + reason);
    }
}
