package io.etcdj.peer.grpc;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import java.util.Objects;

/**
 * Key and trust material for mutual TLS on the peer port, as the {@code tls} module hands it out (JDK types, which
 * both Jetty and grpc-netty-shaded accept). {@link GrpcPeerTransport} does not speak TLS yet and refuses this.
 */
public record PeerTls(KeyManager[] keyManagers, TrustManager[] trustManagers) {
    public PeerTls {
        Objects.requireNonNull(keyManagers, "keyManagers");
        Objects.requireNonNull(trustManagers, "trustManagers");
    }
}
