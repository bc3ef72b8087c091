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
}
