package io.etcdj.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate rotation without a restart: new handshakes see new files; bad files leave the old ones in use. */
class CertificateReloaderTest {
    @TempDir
    Path dir;

    Pki pki;
    TlsMaterial client;

    @BeforeEach
    void mint() throws Exception {
        pki = new Pki(dir);
        client = pki.client("client");
    }

    /** Replaces server.crt/server.key and moves their mtimes on, so coarse file-system clocks cannot hide it. */
    private static void rotate(Path cert, Path key, String certPem, String keyPem, int secondsLater) throws Exception {
        Files.writeString(key, keyPem);
        Files.writeString(cert, certPem);
        FileTime later = FileTime.from(Instant.now().plusSeconds(secondsLater));
        Files.setLastModifiedTime(key, later);
        Files.setLastModifiedTime(cert, later);
    }

    private HeldCertificate newServerCertificate() {
        return Pki.leaf("server-rotated")
                .addIpAddress("127.0.0.1")
                .serverAuth()
                .signedBy(pki.ca)
                .build();
    }

    private X509Certificate handshake(CertificateReloader server) throws Exception {
        try (Loopback loop = new Loopback(server.sslContext(), server.sslParameters())) {
            X509Certificate presented = loop.exchange(client.sslContext());
            assertNull(loop.serverFailure());
            return presented;
        }
    }

    @Test
    void newConnectionsGetTheRotatedCertificate() throws Exception {
        CertificateReloader server = CertificateReloader.start(
                TlsConfig.of(pki.crt("server"), pki.key("server"), pki.crt("ca")), Duration.ZERO);
        assertEquals(pki.server.certificate(), handshake(server));

        HeldCertificate rotated = newServerCertificate();
        rotate(pki.crt("server"), pki.key("server"), rotated.certificatePem(), rotated.privateKeyPkcs8Pem(), 10);

        assertEquals(rotated.certificate(), handshake(server));
        assertEquals(rotated.certificate(), server.current().certificateChain().get(0));
    }

    @Test
    void aBadNewFileKeepsTheOldMaterial() throws Exception {
        CertificateReloader server = CertificateReloader.start(
                TlsConfig.of(pki.crt("server"), pki.key("server"), pki.crt("ca")), Duration.ZERO);
        TlsMaterial before = server.current();

        // Half a rotation: the new certificate has arrived but its key has not, so they do not match.
        HeldCertificate rotated = newServerCertificate();
        rotate(pki.crt("server"), pki.key("server"), rotated.certificatePem(), pki.server.privateKeyPkcs8Pem(), 10);
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        // System.Logger's default backend is java.util.logging, so the warning can be caught there.
        Logger jul = Logger.getLogger(CertificateReloader.class.getName());
        jul.addHandler(capture);
        try {
            assertFalse(server.checkNow());
            assertFalse(server.checkNow(), "the same bad files are not retried or reported twice");
        } finally {
            jul.removeHandler(capture);
        }
        assertSame(before, server.current());
        assertEquals(1, warnings.size());
        assertTrue(
                warnings.get(0).getMessage().contains("key does not match the certificate"),
                warnings.get(0).getMessage());
        assertEquals(pki.server.certificate(), handshake(server));

        // The key arrives: the next look takes the complete new material.
        rotate(pki.crt("server"), pki.key("server"), rotated.certificatePem(), rotated.privateKeyPkcs8Pem(), 20);
        assertEquals(rotated.certificate(), handshake(server));
    }

    @Test
    void filesAreLookedAtNoMoreOftenThanTheInterval() throws Exception {
        CertificateReloader server = CertificateReloader.start(
                TlsConfig.of(pki.crt("server"), pki.key("server"), pki.crt("ca")), Duration.ofHours(1));
        HeldCertificate rotated = newServerCertificate();
        rotate(pki.crt("server"), pki.key("server"), rotated.certificatePem(), rotated.privateKeyPkcs8Pem(), 10);

        assertEquals(pki.server.certificate(), handshake(server));
        assertTrue(server.checkNow());
        assertEquals(rotated.certificate(), handshake(server));
        assertFalse(server.checkNow(), "nothing changed since the last reload");
    }

    @Test
    void startupStillFailsOnBadFiles() {
        Path missing = dir.resolve("missing.crt");
        TlsConfigException e = assertThrows(
                TlsConfigException.class,
                () -> CertificateReloader.start(
                        TlsConfig.of(missing, pki.key("server"), pki.crt("ca")), Duration.ZERO));
        assertEquals(missing, e.file());
    }
}
