package io.etcdj.peer.grpc;

import io.etcdj.peer.PeerTraffic;

/** The transport's one {@link PeerTraffic}: none until the server attaches one (its metrics exist after the port). */
final class TrafficTap implements PeerTraffic {
    private volatile PeerTraffic target = PeerTraffic.NONE;

    void attach(PeerTraffic traffic) {
        target = traffic == null ? PeerTraffic.NONE : traffic;
    }

    @Override
    public void sent(long toId, int bytes) {
        target.sent(toId, bytes);
    }

    @Override
    public void received(long fromId, int bytes) {
        target.received(fromId, bytes);
    }
}
