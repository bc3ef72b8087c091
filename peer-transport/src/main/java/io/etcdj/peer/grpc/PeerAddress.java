package io.etcdj.peer.grpc;

import java.net.URI;

/**
 * Host and port of a peer URL such as {@code http://127.0.0.1:7001}, or {@code https://...} when the peer port runs
 * mutual TLS. A URL without a scheme takes the transport's, as etcd 0.4 prefixed bare {@code -peer-addr}s.
 */
record PeerAddress(String host, int port) {

    /**
     * @param tls whether this transport speaks TLS; the URL's scheme must agree
     * @throws IllegalArgumentException for a URL without a host, with another scheme, or with the other mode's scheme
     *                                  (a TLS transport given {@code http://}, a plaintext one given {@code https://})
     */
    static PeerAddress parse(String peerUrl, boolean tls) {
        String expected = tls ? "https" : "http";
        URI uri = URI.create(peerUrl.contains("://") ? peerUrl : expected + "://" + peerUrl);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("peer URL without a host: " + peerUrl);
        }
        String scheme = uri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("peer URL must be http:// or https://: " + peerUrl);
        }
        if (!expected.equals(scheme)) {
            // Dialling anyway would only fail later, as handshake errors or resets that look like a down peer.
            throw new IllegalArgumentException("peer URL " + peerUrl + " is " + scheme + " but this member's peer port "
                    + (tls ? "uses TLS" : "is plaintext") + "; mixing TLS and plain peers is refused (expected "
                    + expected + "://)");
        }
        int port = uri.getPort() == -1 ? 7001 : uri.getPort();
        // URI keeps an IPv6 literal's brackets; target() adds them back, and TLS checks the bare address on the SANs.
        String host = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return new PeerAddress(host, port);
    }

    /** The target string grpc-java's channel builders take. */
    String target() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
