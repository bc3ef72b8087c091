package io.etcdj.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real handshakes over loopback sockets, with material loaded from PEM files the way a node loads it. */
class HandshakeTest {
    @TempDir
    Path dir;

    Pki pki;

    @BeforeEach
    void mint() throws Exception {
        pki = new Pki(dir);
    }

    @Test
    void serverOnlyTlsWithTrustOnlyClient() throws Exception {
        TlsMaterial server = TlsMaterial.load(pki.crt("server"), pki.key("server"), null);
        TlsMaterial client = TlsMaterial.load(TlsConfig.trustOnly(pki.crt("ca")));
        try (Loopback loop = new Loopback(server.sslContext(), server.sslParameters())) {
            loop.exchange(client.sslContext());
            assertNull(loop.serverFailure());
        }
    }

    @Test
    void clientCertificateRequiredAndGiven() throws Exception {
        TlsMaterial server = pki.mtlsServer();
        try (Loopback loop = new Loopback(server.sslContext(), server.sslParameters())) {
            loop.exchange(pki.client("client").sslContext());
            assertNull(loop.serverFailure());
        }
    }

    @Test
    void onlyTls13And12AreOffered() throws Exception {
        SSLContext context = pki.mtlsServer().sslContext();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(socket.getEnabledProtocols()));
        }
        assertEquals(
                List.of("TLSv1.3", "TLSv1.2"), List.of(context.createSSLEngine().getEnabledProtocols()));
    }

    @Test
    void missingClientCertificateIsRefused() throws Exception {
        TlsMaterial client = TlsMaterial.load(TlsConfig.trustOnly(pki.crt("ca")));
        Throwable failure = refusedByServer(client.sslContext());
        assertReason(failure, "Empty client certificate chain");
    }

    @Test
    void clientCertificateFromAnotherCaIsRefused() throws Exception {
        HeldCertificate otherCa = HeldCertificate.builder()
                .commonName("other CA")
                .certificateAuthority(0)
                .build();
        HeldCertificate stranger =
                Pki.leaf("stranger").clientAuth().signedBy(otherCa).build();
        Throwable failure = refusedByServer(TestContexts.alwaysPresenting(stranger, caTrust()));
        assertReason(failure, "unable to find valid certification path");
    }

    @Test
    void expiredClientCertificateIsRefused() throws Exception {
        Instant now = Instant.now();
        HeldCertificate expired = Pki.leaf("expired")
                .clientAuth()
                .signedBy(pki.ca)
                .validity(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)))
                .build();
        Throwable failure = refusedByServer(TestContexts.alwaysPresenting(expired, caTrust()));
        assertReason(failure, "validity check failed");
    }

    @Test
    void clientCertificateWithoutClientAuthUsageIsRefused() throws Exception {
        pki.write(
                "serveronly",
                Pki.leaf("serveronly").serverAuth().signedBy(pki.ca).build());
        Throwable failure = refusedByServer(pki.client("serveronly").sslContext());
        assertReason(failure, "Extended key usage does not permit use for TLS client authentication");
    }

    @Test
    void serverCertificateForAnotherHostIsRefusedByTheClient() throws Exception {
        pki.write(
                "elsewhere",
                Pki.leaf("elsewhere")
                        .addDnsName("etcd.example.com")
                        .addIpAddress("10.0.0.7")
                        .serverAuth()
                        .signedBy(pki.ca)
                        .build());
        TlsMaterial server = TlsMaterial.load(pki.crt("elsewhere"), pki.key("elsewhere"), null);
        TlsMaterial client = TlsMaterial.load(TlsConfig.trustOnly(pki.crt("ca")));
        try (Loopback loop = new Loopback(server.sslContext(), server.sslParameters())) {
            SSLHandshakeException e =
                    assertThrows(SSLHandshakeException.class, () -> loop.exchange(client.sslContext()));
            assertReason(e, "No subject alternative names matching IP address 127.0.0.1 found");
        }
    }

    @Test
    void plainTextToTheTlsPortIsRefused() throws Exception {
        TlsMaterial server = pki.mtlsServer();
        try (Loopback loop = new Loopback(server.sslContext(), server.sslParameters())) {
            loop.sendPlain("PUT /v2/keys/foo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Throwable failure = loop.serverFailure();
            assertTrue(failure instanceof SSLException, String.valueOf(failure));
            assertReason(failure, "Unsupported or unrecognized SSL message");
        }
    }

    private TrustManager[] caTrust() throws Exception {
        return TlsMaterial.load(TlsConfig.trustOnly(pki.crt("ca"))).trustManagers();
    }

    /** Runs one exchange against an mTLS server and returns why the server refused it. */
    private Throwable refusedByServer(SSLContext client) throws Exception {
        TlsMaterial server = pki.mtlsServer();
        try (Loopback loop = new Loopback(server.sslContext(), server.sslParameters())) {
            // In TLS 1.3 the client learns of the refusal only as an alert when it next reads.
            assertThrows(IOException.class, () -> loop.exchange(client));
            Throwable failure = loop.serverFailure();
            assertTrue(failure instanceof SSLHandshakeException, String.valueOf(failure));
            return failure;
        }
    }

    /** The reason may sit in a cause (a CertificateException inside the SSLHandshakeException). */
    static void assertReason(Throwable failure, String reason) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append(" | ");
        }
        assertTrue(messages.toString().contains(reason), "expected '" + reason + "' in: " + messages);
    }
}
