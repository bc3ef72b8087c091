package io.etcdj.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the TLS material of one endpoint lives: etcd's {@code -cert-file}, {@code -key-file} and {@code -ca-file}
 * (or their {@code -peer-} forms).
 *
 * @param certFile the endpoint's certificate, optionally followed by intermediate CA certificates; null (with a
 *     null key file) for a client that only checks the server, like {@code curl --cacert}
 * @param keyFile its private key (PKCS#8, PKCS#1 RSA or SEC1 EC; unencrypted)
 * @param caFile the CAs to trust for the other side's certificate, or null for the JDK's default trust store
 * @param clientAuth what a server asks of its clients; ignored on the client side
 */
public record TlsConfig(Path certFile, Path keyFile, Path caFile, ClientAuth clientAuth) {
    public TlsConfig {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("give both a certificate file and a key file, or neither");
        }
        if (certFile == null && caFile == null) {
            throw new IllegalArgumentException("a configuration without certificate needs a CA file");
        }
        Objects.requireNonNull(clientAuth, "clientAuth");
        if (clientAuth != ClientAuth.NONE && caFile == null) {
            throw new IllegalArgumentException(
                    "client authentication " + clientAuth + " needs a CA file to check against");
        }
    }

    /** etcd 0.4's rule: giving a CA file means clients must present a certificate signed by it. */
    public static TlsConfig of(Path certFile, Path keyFile, Path caFile) {
        return new TlsConfig(certFile, keyFile, caFile, caFile == null ? ClientAuth.NONE : ClientAuth.NEED);
    }

    /** A client that presents no certificate and trusts the CAs in {@code caFile}. */
    public static TlsConfig trustOnly(Path caFile) {
        return new TlsConfig(null, null, Objects.requireNonNull(caFile, "caFile"), ClientAuth.NONE);
    }

    boolean hasCertificate() {
        return certFile != null;
    }
}
