package io.etcdj.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.etcdj.server.http.HttpServers;
import io.etcdj.tls.HeldCertificate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and transport failures print one plain line in etcd 2's etcdctl words, with its exit codes (4 when an
 * endpoint was reached but TLS or HTTP failed, 2 when none could be connected to), never a Java class name.
 * Each case runs against a real TLS server on loopback with certificates from the tls module.
 */
class TlsErrorsTest {
    private static final String PREFIX = "Error:  client: etcd cluster is unavailable or misconfigured; error #0: ";

    @TempDir
    Path dir;

    private HeldCertificate ca;
    private Path caFile;
    private Server server;

    @BeforeEach
    void makeCa() throws Exception {
        ca = HeldCertificate.builder()
                .commonName("etcdctl test CA")
                .certificateAuthority(0)
                .build();
        caFile = Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void unknownAuthority() throws Exception {
        String url = https(serverCert("127.0.0.1").build(), false);
        // No --ca-file: the JDK's trust store does not know the test CA.
        expect(4, url, "x509: certificate signed by unknown authority", new Ctl(url).run("get", "/k"));
    }

    @Test
    void wrongHostName() throws Exception {
        String url = https(serverCert("127.0.0.2").build(), false);
        expect(
                4,
                url,
                "x509: certificate is not valid for 127.0.0.1",
                new Ctl(url).run("--ca-file", ca(), "get", "/k"));
    }

    @Test
    void clientCertificateRequiredButNotGiven() throws Exception {
        String url = https(serverCert("127.0.0.1").build(), true);
        Ctl.Result r = new Ctl(url).run("--ca-file", ca(), "get", "/k");
        // TLS 1.3 names the alert certificate_required, TLS 1.2 bad_certificate: Go prints either the same way.
        String expected = r.err().contains("bad certificate")
                ? "remote error: tls: bad certificate"
                : "remote error: tls: certificate required";
        expect(4, url, expected, r);
    }

    @Test
    void expiredServerCertificate() throws Exception {
        Instant now = Instant.now();
        HeldCertificate expired = serverCert("127.0.0.1")
                .validity(now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)))
                .build();
        String url = https(expired, false);
        expect(
                4,
                url,
                "x509: certificate has expired or is not yet valid",
                new Ctl(url).run("--ca-file", ca(), "get", "/k"));
    }

    @Test
    void plainHttpToAnHttpsPort() throws Exception {
        String url = https(serverCert("127.0.0.1").build(), false).replace("https://", "http://");
        expect(
                4,
                url,
                "malformed HTTP response or connection closed (does this endpoint serve https://?)",
                new Ctl(url).run("get", "/k"));
    }

    @Test
    void httpsToAPlainPort() throws Exception {
        String url = "https://127.0.0.1:" + start(null, false);
        expect(
                4,
                url,
                "tls: first record does not look like a TLS handshake",
                new Ctl(url).run("--ca-file", ca(), "get", "/k"));
    }

    @Test
    void connectionRefused() throws Exception {
        int port = ServerProcess.freePort();
        String url = "https://127.0.0.1:" + port;
        expect(
                2,
                url,
                "dial tcp 127.0.0.1:" + port + ": connect: connection refused",
                new Ctl(url).run("--ca-file", ca(), "get", "/k"));
    }

    /** The same certificate set-up works, so each case above fails for the reason it names and no other. */
    @Test
    void theControlCaseSucceeds() throws Exception {
        String url = https(serverCert("127.0.0.1").build(), false);
        assertEquals(new Ctl.Result(0, "v\n", ""), new Ctl(url).run("--ca-file", ca(), "get", "/k"));
    }

    private static void expect(int code, String url, String reason, Ctl.Result r) {
        assertEquals(new Ctl.Result(code, "", PREFIX + url + ": " + reason + "\n"), r);
        assertFalse(r.err().contains("Exception") || r.err().contains("java."), r.err());
    }

    private String ca() {
        return caFile.toString();
    }

    private HeldCertificate.Builder serverCert(String ip) {
        return HeldCertificate.builder()
                .commonName("server")
                .addIpAddress(ip)
                .serverAuth()
                .signedBy(ca);
    }

    /** An HTTPS server presenting {@code cert}; with {@code requireClientCert} it wants one signed by the CA. */
    private String https(HeldCertificate cert, boolean requireClientCert) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", cert.keyPair().getPrivate(), new char[0], new Certificate[] {
            cert.certificate(), ca.certificate()
        });
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return "https://127.0.0.1:" + start(context, requireClientCert);
    }

    /**
     * The etcdj server's own client-port connector ({@link HttpServers}, Jetty), so that each failure is the one
     * a user of a real member meets; it answers every request with one key.
     */
    private int start(SSLContext tls, boolean requireClientCert) throws Exception {
        Handler keys = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put("Content-Type", "application/json");
                response.write(
                        true,
                        ByteBuffer.wrap(
                                "{\"action\":\"get\",\"node\":{\"key\":\"/k\",\"value\":\"v\",\"modifiedIndex\":3}}"
                                        .getBytes(StandardCharsets.UTF_8)),
                        callback);
                return true;
            }
        };
        server = HttpServers.create(
                HttpServers.threadPool("tls-errors-test"),
                "127.0.0.1",
                0,
                keys,
                new HttpServers.Limits(30_000, 16, 10_000),
                tls,
                requireClientCert);
        server.start();
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }
}
