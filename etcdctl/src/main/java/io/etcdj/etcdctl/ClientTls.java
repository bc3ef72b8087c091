package io.etcdj.etcdctl;

import io.etcdj.tls.ClientAuth;
import io.etcdj.tls.TlsConfig;
import io.etcdj.tls.TlsConfigException;
import io.etcdj.tls.TlsMaterial;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * The SSLContext of --cert-file, --key-file and --ca-file. The files are read by the tls module, the same reader
 * the server uses for its own flags, so every key the server accepts works here too: PKCS#8, PKCS#1 RSA
 * ("BEGIN RSA PRIVATE KEY") and SEC1 EC ("BEGIN EC PRIVATE KEY"), unencrypted. The key must match the
 * certificate and the certificate must be valid now, which is checked before any request is sent.
 */
final class ClientTls {
    private ClientTls() {}

    /** Null when no TLS file was given (the JDK default context then serves https endpoints). */
    static SSLContext context(String caFile, String certFile, String keyFile) throws UsageException {
        if (caFile == null && certFile == null && keyFile == null) {
            return null;
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new UsageException("--cert-file and --key-file must be given together");
        }
        try {
            // Without --ca-file the JDK's default trust store checks the server, as before.
            TlsConfig config = new TlsConfig(path(certFile), path(keyFile), path(caFile), ClientAuth.NONE);
            return TlsMaterial.load(config).sslContext();
        } catch (TlsConfigException | InvalidPathException e) {
            throw new UsageException("cannot load TLS files: " + e.getMessage());
        }
    }

    private static Path path(String file) {
        return file == null ? null : Path.of(file);
    }
}
