package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.tls.CertificateReloader;
import io.etcdj.tls.HeldCertificate;
import io.etcdj.tls.TlsConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client port's TLS engines: the JDK's by default, BoringSSL with {@code -Detcdj.tls.engine=native}, which keeps the
 * JDK path's rules: TLS 1.3 and 1.2 only, no weak TLS 1.2 suite, a client certificate required exactly when a CA file
 * is given.
 */
class ClientTlsEnginesTest {
    @TempDir
    Path dir;

    private HeldCertificate ca;
    private HeldCertificate client;
    private Path certFile;
    private Path keyFile;
    private Path caFile;
    private Server server;

    @BeforeEach
    void certificates() throws IOException {
        ca = HeldCertificate.builder()
                .commonName("test-ca")
                .certificateAuthority(0)
                .build();
        HeldCertificate serverCert = HeldCertificate.builder()
                .commonName("server")
                .addIpAddress("127.0.0.1")
                .serverAuth()
                .signedBy(ca)
                .build();
        client = HeldCertificate.builder()
                .commonName("client")
                .clientAuth()
                .signedBy(ca)
                .build();
        certFile = Files.writeString(dir.resolve("server.crt"), serverCert.certificatePem());
        keyFile = Files.writeString(dir.resolve("server.key"), serverCert.privateKeyPkcs8Pem());
        caFile = Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
    }

    private final String engineBefore = System.getProperty(ClientTlsEngines.ENGINE_PROPERTY);

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (engineBefore == null) {
            System.clearProperty(ClientTlsEngines.ENGINE_PROPERTY);
        } else {
            System.setProperty(ClientTlsEngines.ENGINE_PROPERTY, engineBefore);
        }
    }

    @Test
    void boringSslServesTheClientPortWithTheJdkPathsRules() throws Exception {
        withEngine("native");
        SslContextFactory.Server factory = ClientTlsEngines.choose(reloader(null), false);
        assertTrue(
                ClientTlsEngines.wantsDirectBuffers(factory),
                "BoringSSL did not load here; the release ships it (grpc-netty-shaded) for linux-x86_64");
        int port = start(null, false);

        assertEquals("TLSv1.3", get(port, trustOnly(), null, null));
        assertEquals("TLSv1.2", get(port, trustOnly(), new String[] {"TLSv1.2"}, new String[] {
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
        }));
        // BoringSSL's own default would take these; the JDK path (Jetty's exclusions) refuses them
        assertThrows(
                IOException.class,
                () -> get(port, trustOnly(), new String[] {"TLSv1.2"}, new String[] {
                    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"
                }));
    }

    @Test
    void onBoringSslACaFileMeansEveryClientNeedsACertificateItSigned() throws Exception {
        withEngine("native");
        int port = start(caFile, true);
        assertThrows(IOException.class, () -> get(port, trustOnly(), null, null));
        assertEquals("TLSv1.3", get(port, withClientCertificate(client), null, null));
        HeldCertificate otherCa = HeldCertificate.builder()
                .commonName("other-ca")
                .certificateAuthority(0)
                .build();
        HeldCertificate stranger = HeldCertificate.builder()
                .commonName("stranger")
                .clientAuth()
                .signedBy(otherCa)
                .build();
        assertThrows(IOException.class, () -> get(port, withClientCertificate(stranger), null, null));
    }

    @Test
    void theJdksEngineByDefault() throws Exception {
        withEngine(null);
        SslContextFactory.Server factory = ClientTlsEngines.choose(reloader(null), false);
        assertTrue(!ClientTlsEngines.wantsDirectBuffers(factory), "the JDK's engine is the default");
        int port = start(null, false);
        assertEquals("TLSv1.3", get(port, trustOnly(), null, null));
    }

    /** Sets (null: clears) the engine property for this test; {@link #stop} puts the JVM's value back. */
    private void withEngine(String engine) {
        if (engine == null) {
            System.clearProperty(ClientTlsEngines.ENGINE_PROPERTY);
        } else {
            System.setProperty(ClientTlsEngines.ENGINE_PROPERTY, engine);
        }
    }

    private CertificateReloader reloader(Path ca) throws Exception {
        return CertificateReloader.start(TlsConfig.of(certFile, keyFile, ca), Duration.ofMinutes(1));
    }

    /** The client port's connector (as a member builds it) with a handler answering every request "ok". */
    private int start(Path ca, boolean needClientAuth) throws Exception {
        Handler ok = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        };
        server = HttpServers.create(
                HttpServers.threadPool("client-tls-engines-test"),
                "127.0.0.1",
                0,
                ok,
                new HttpServers.Limits(30_000, 16, 10_000),
                reloader(ca),
                needClientAuth);
        server.start();
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** GET over HTTPS, answered 200 "ok"; the protocol the handshake agreed on. */
    private static String get(int port, SSLContext context, String[] protocols, String[] suites) throws Exception {
        SSLParameters parameters = context.getDefaultSSLParameters();
        if (protocols != null) {
            parameters.setProtocols(protocols);
        }
        if (suites != null) {
            parameters.setCipherSuites(suites);
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(context)
                .sslParameters(parameters)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v2/keys/k"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("ok", answer.body());
        return answer.sslSession().orElseThrow().getProtocol();
    }

    private SSLContext trustOnly() throws Exception {
        return context(null);
    }

    private SSLContext withClientCertificate(HeldCertificate cert) throws Exception {
        return context(cert);
    }

    private SSLContext context(HeldCertificate clientCert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientCert != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", clientCert.keyPair().getPrivate(), new char[0], new Certificate[] {
                clientCert.certificate()
            });
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
