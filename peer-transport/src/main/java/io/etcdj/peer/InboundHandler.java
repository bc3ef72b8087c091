package io.etcdj.peer;

import io.etcdj.raft.Message;

/**
 * What a member does with the traffic peers send it; the server implements this. Methods are called on transport
 * threads, several at once, so an implementation hands work to its Raft loop (a queue) rather than doing it here: a
 * slow {@link #onMessage} holds up every later message from the same peer.
 */
public interface InboundHandler {

    /** A Raft message from a peer, to be stepped into the local Raft node. */
    void onMessage(Message message);

    /** A {@code MsgSnap} whose snapshot data arrived whole and passed its checksums. */
    void onSnapshot(Message msgSnap);

    /** A new member asks to join; answered synchronously, so the implementation may wait for the change to commit. */
    JoinResponse onJoin(JoinRequest request);

    /**
     * A Remove call: a removal of the member called {@code name} for this member (the leader) to make, or the
     * leader's notice that this member has been removed ({@link RemovalKind}). Ok only for what was done.
     */
    Ack onRemove(String name, RemovalKind kind);

    /** This member (when leader) is asked to transfer leadership to {@code transfereeId}. */
    Ack onTransferLeadership(long transfereeId);
}
