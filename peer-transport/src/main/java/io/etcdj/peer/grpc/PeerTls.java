package io.etcdj.peer.grpc;

import io.etcdj.tls.TlsConfigException;
import io.etcdj.tls.TlsMaterial;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * Key and trust material for mutual TLS on the peer port, as the {@code tls} module hands it out (JDK types, which
 * both Jetty and grpc-netty-shaded accept). Give it to {@link GrpcTransportConfig#withTls}.
 *
 * <p>The same material serves both directions, as in etcd 0.4: the key managers' certificate is what this member
 * presents as a server (so it needs the peer URL's host or IP among its SANs, and {@code serverAuth} if it lists
 * extended key usages) and as a client (then {@code clientAuth}); the trust managers decide which peers' certificates
 * are accepted either way, so they should trust only the peer CA. Reloading managers (the tls module's
 * {@code CertificateReloader}) work too: they are consulted on every handshake.
 *
 * @param keyManagers   this member's certificate and private key
 * @param trustManagers the CAs a peer's certificate must chain to
 */
public record PeerTls(KeyManager[] keyManagers, TrustManager[] trustManagers) {
    public PeerTls {
        Objects.requireNonNull(keyManagers, "keyManagers");
        Objects.requireNonNull(trustManagers, "trustManagers");
        if (keyManagers.length == 0 || trustManagers.length == 0) {
            // Mutual TLS needs both: without a key there is nothing to present, without trust anything would pass.
            throw new IllegalArgumentException("peer TLS needs a key manager and a trust manager");
        }
        keyManagers = keyManagers.clone();
        trustManagers = trustManagers.clone();
    }

    /**
     * Reads etcd's {@code -peer-cert-file}, {@code -peer-key-file} and {@code -peer-ca-file}. All three are required:
     * the peer port always demands client certificates, and without a CA file the JDK's public CAs would be trusted
     * instead of the cluster's own.
     *
     * @throws TlsConfigException naming the first file that is missing, unreadable or wrong
     */
    public static PeerTls load(Path certFile, Path keyFile, Path caFile) throws TlsConfigException {
        Objects.requireNonNull(certFile, "peer certificate file");
        Objects.requireNonNull(keyFile, "peer key file");
        Objects.requireNonNull(caFile, "peer CA file");
        return of(TlsMaterial.load(certFile, keyFile, caFile));
    }

    /** The key and trust managers of already loaded material. */
    public static PeerTls of(TlsMaterial material) {
        return new PeerTls(material.keyManagers(), material.trustManagers());
    }

    @Override
    public KeyManager[] keyManagers() {
        return keyManagers.clone();
    }

    @Override
    public TrustManager[] trustManagers() {
        return trustManagers.clone();
    }
}
