package io.etcdj.peer;

import io.etcdj.raft.Message;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How one Raft member talks to the others. The Raft loop hands over the messages of each {@code Ready} and goes on:
 * nothing here waits for the network. Delivery is best effort, as Raft expects: a message may be lost, never
 * duplicated or corrupted, and messages to one peer arrive in the order they were sent. Losses the transport knows
 * of are reported through {@link DeliveryReports} so that Raft probes the peer instead of streaming to it blindly.
 *
 * <p>Incoming traffic goes to the {@link InboundHandler} given to the implementation's constructor.
 */
public interface PeerTransport extends AutoCloseable {

    /** Opens the listening side; after this, peers can reach this member. */
    void start() throws IOException;

    /**
     * Queues messages for their recipients ({@link Message#to()}) and returns at once. A message to an unknown peer is
     * dropped; a message that finds its peer's queue full is dropped and the peer reported unreachable. A
     * {@code MsgSnap} goes the way of {@link #sendSnapshot}.
     */
    void send(List<Message> messages);

    /**
     * Streams a {@code MsgSnap} (with its snapshot data) to {@code msgSnap.to()} in checksummed chunks, off the
     * caller's thread. The outcome arrives as {@link DeliveryReports#reportSnapshot}. A MsgSnap rather than a bare
     * snapshot, because the receiver needs the sender's id and term to step it.
     */
    void sendSnapshot(Message msgSnap);

    /** Makes {@code id} reachable at {@code peerUrl} (e.g. {@code http://10.0.0.2:7001}); replaces an earlier URL. */
    void addPeer(long id, String peerUrl);

    /** Forgets a peer; messages still queued for it are discarded. */
    void removePeer(long id);

    /** Asks the member at {@code peerUrl} (not necessarily a known peer yet) to add a new member. */
    CompletableFuture<JoinResponse> join(String peerUrl, JoinRequest request);

    /** Asks the member at {@code peerUrl} (the leader) to remove the member called {@code name}. */
    CompletableFuture<Ack> remove(String peerUrl, String name);

    /** Tells the member at {@code peerUrl}, called {@code name}, that it has been removed (the leader does this). */
    CompletableFuture<Ack> noticeRemoval(String peerUrl, String name);

    /** Asks peer {@code to} (the leader) to hand leadership to {@code transfereeId}. */
    CompletableFuture<Ack> transferLeadership(long to, long transfereeId);

    /** Stops sending and listening; queued messages are discarded. Idempotent. */
    @Override
    void close();
}
