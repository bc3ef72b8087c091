package io.etcdj.peer.grpc;

import java.net.URI;

/** Host and port of a peer URL such as {@code http://127.0.0.1:7001} (etcd 0.4 peers advertise http URLs). */
record PeerAddress(String host, int port) {

    static PeerAddress parse(String peerUrl) {
        URI uri = URI.create(peerUrl.contains("://") ? peerUrl : "http://" + peerUrl);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("peer URL without a host: " + peerUrl);
        }
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only plaintext http peer URLs are supported: " + peerUrl);
        }
        int port = uri.getPort() == -1 ? 7001 : uri.getPort();
        return new PeerAddress(uri.getHost(), port);
    }

    /** The target string grpc-java's channel builders take. */
    String target() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
