package io.etcdj.peer;

/**
 * Bytes of Raft messages sent to and received from each peer, for whoever exports them (the server's metrics).
 * Called on the transport's send and receive threads for every message: implementations only add to a counter.
 * The ids are as the messages carry them: an implementation decides which ids it keeps series for.
 */
public interface PeerTraffic {
    PeerTraffic NONE = new PeerTraffic() {
        @Override
        public void sent(long toId, int bytes) {}

        @Override
        public void received(long fromId, int bytes) {}
    };

    void sent(long toId, int bytes);

    void received(long fromId, int bytes);
}
