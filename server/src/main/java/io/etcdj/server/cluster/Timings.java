package io.etcdj.server.cluster;

/**
 * Durations this layer measures for whoever exports them (the metrics package implements it; node wires it in with
 * {@link RaftNode#observeTimings}). Called on the Raft, apply and transport threads: implementations only record a
 * number, never block.
 */
public interface Timings {
    Timings NONE = new Timings() {
        @Override
        public void walFsynced(long nanos) {}

        @Override
        public void snapshotSaved(long nanos) {}

        @Override
        public void peerRoundTrip(long peerId, long nanos) {}
    };

    /** One fsync of the write-ahead log (Raft thread). */
    void walFsynced(long nanos);

    /** One snapshot file written, fsync included (apply thread, or the Raft thread for a received snapshot). */
    void snapshotSaved(long nanos);

    /** A heartbeat to {@code peerId} answered after {@code nanos} (leader only). */
    void peerRoundTrip(long peerId, long nanos);

    /** One client write spent {@code nanos} in {@code stage} (leader only; see {@link WriteStages}). */
    default void writeStage(WriteStage stage, long nanos) {}

    /** One client write took {@code nanos} from registered to answered (leader only; HTTP thread). */
    default void writeAnswered(long nanos) {}

    /** A follower took {@code nanos} from a MsgApp received to its MsgAppResp handed to the transport (Raft thread). */
    default void followerAppended(long nanos) {}
}
