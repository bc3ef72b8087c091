package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.Recorder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The plain HTTP handler (etcd's admin JSON) keeps answering on a mutual-TLS peer port, to clients with a cert. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerPortTlsHttpTest {
    @TempDir
    Path dir;

    private PeerPki cluster;
    private PeerTls client;
    private GrpcPeerTransport transport;
    private String base;

    @BeforeEach
    void start() throws Exception {
        cluster = new PeerPki(dir, "cluster");
        client = cluster.member("admin");
        Recorder r = new Recorder();
        transport = new GrpcPeerTransport(
                2,
                new InetSocketAddress("127.0.0.1", 0),
                r,
                r,
                new PeerPortPlainHttpTest.AdminConfig(),
                GrpcPeerTransportContractTest.testConfig().withTls(cluster.member("server")));
        transport.start();
        base = "https://127.0.0.1:" + transport.port();
    }

    @AfterEach
    void stop() {
        transport.close();
    }

    private static HttpResponse<String> get(SSLContext tls, HttpClient.Version version, String url)
            throws IOException, InterruptedException {
        HttpClient.Builder http = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            http.sslContext(tls);
        }
        return http.build()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Recorder.WAIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersOverHttpsOnBothHttpVersionsWithAClientCertificate() throws Exception {
        SSLContext tls = PeerPki.clientContext(client);
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpResponse<String> config = get(tls, version, base + "/v2/admin/config");
            assertEquals(200, config.statusCode());
            // ALPN gave the client the version it asked for: h2 for HTTP_2, http/1.1 otherwise.
            assertEquals(version, config.version());
            assertEquals(PeerPortPlainHttpTest.CONFIG, config.body());
            assertEquals(404, get(tls, version, base + "/nothing").statusCode());
        }
    }

    @Test
    void refusesAClientWithoutACertificateOrWithAForeignOne() throws Exception {
        assertThrows(
                IOException.class,
                () -> get(PeerPki.trustOnlyContext(client), HttpClient.Version.HTTP_1_1, base + "/v2/admin/config"));
        PeerTls foreigner = new PeerPki(dir, "foreign").memberTrusting("foreigner", cluster);
        assertThrows(
                IOException.class,
                () -> get(PeerPki.clientContext(foreigner), HttpClient.Version.HTTP_1_1, base + "/v2/admin/config"));
    }

    @Test
    void plaintextHttpToTheTlsPortGetsNoAnswer() {
        // The TLS layer answers the plaintext request with an alert, which no HTTP client parses as a response.
        assertThrows(
                IOException.class,
                () -> get(
                        null,
                        HttpClient.Version.HTTP_1_1,
                        "http://127.0.0.1:" + transport.port() + "/v2/admin/config"));
    }

    @Test
    void curlWithTheClientCertificate() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/curl"))) {
            return;
        }
        Process curl = new ProcessBuilder(
                        "/usr/bin/curl",
                        "-sS",
                        "--cacert",
                        cluster.caFile().toString(),
                        "--cert",
                        cluster.certFile("admin").toString(),
                        "--key",
                        cluster.keyFile("admin").toString(),
                        base + "/v2/admin/config")
                .redirectErrorStream(true)
                .start();
        assertTrue(curl.waitFor(Recorder.WAIT.toSeconds(), TimeUnit.SECONDS), "curl did not finish");
        assertEquals(
                PeerPortPlainHttpTest.CONFIG, new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

        Process noCert = new ProcessBuilder(
                        "/usr/bin/curl", "-sS", "--cacert", cluster.caFile().toString(), base + "/v2/admin/config")
                .redirectErrorStream(true)
                .start();
        assertTrue(noCert.waitFor(Recorder.WAIT.toSeconds(), TimeUnit.SECONDS), "curl did not finish");
        assertNotEquals(0, noCert.exitValue(), "curl without a client certificate succeeded");
    }
}
