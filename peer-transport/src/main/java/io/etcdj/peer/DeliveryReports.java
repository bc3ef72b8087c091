package io.etcdj.peer;

/**
 * What the transport tells the Raft loop about delivery, mirroring {@code RawNode.reportUnreachable} and
 * {@code RawNode.reportSnapshot}. Called on transport threads: an implementation only enqueues.
 */
public interface DeliveryReports {

    /** Messages to {@code peerId} were lost (queue full, connection broken, peer down): Raft should probe it. */
    void reportUnreachable(long peerId);

    /** A snapshot sent to {@code peerId} was received and verified ({@code failed == false}) or not. */
    void reportSnapshot(long peerId, boolean failed);
}
