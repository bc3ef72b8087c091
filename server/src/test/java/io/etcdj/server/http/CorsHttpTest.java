package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.server.config.ServerConfig;
import io.etcdj.server.node.EtcdNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -cors on both ports of an in-process node, as etcd 0.4.6's http/cors.go answered (through real HTTP). */
class CorsHttpTest {
    private static final long TIMEOUT_S = 10;
    private static final String PAGE = "http://page.example:8080";

    @TempDir
    static Path dir;

    static EtcdNode node;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = ServerConfig.defaults("n1", dir.resolve("n1.etcd"))
                .withClient(new ServerConfig.ClientPort(
                        new ServerConfig.Listener("http://127.0.0.1:4001", "127.0.0.1", 0),
                        null,
                        4096,
                        300,
                        ServerConfig.ClientLimits.DEFAULTS,
                        List.of(PAGE, "http://other.example")))
                .withPeer(new ServerConfig.Listener("http://127.0.0.1:7001", "127.0.0.1", 0));
        node = EtcdNode.start(config, Clock.systemUTC());
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(TIMEOUT_S))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    static HttpRequest request(int port, String method, String pathAndQuery, String origin, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(TIMEOUT_S));
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
            b.method(method, HttpRequest.BodyPublishers.ofString(form));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    static HttpResponse<String> client(String method, String pathAndQuery, String origin, String form)
            throws Exception {
        return http.send(
                request(node.clientPort(), method, pathAndQuery, origin, form), HttpResponse.BodyHandlers.ofString());
    }

    static void assertCors(HttpHeaders h, String origin) {
        assertEquals(origin, h.firstValue("Access-Control-Allow-Origin").orElse(null), h.toString());
        assertEquals(
                "POST, GET, OPTIONS, PUT, DELETE",
                h.firstValue("Access-Control-Allow-Methods").orElse(null));
        assertEquals(
                "accept, content-type",
                h.firstValue("Access-Control-Allow-Headers").orElse(null));
        assertEquals(
                "X-Etcd-Index, X-Raft-Index, X-Raft-Term",
                h.firstValue("Access-Control-Expose-Headers").orElse(null));
    }

    static void assertNoCors(HttpHeaders h) {
        assertNull(h.firstValue("Access-Control-Allow-Origin").orElse(null), h.toString());
        assertNull(h.firstValue("Access-Control-Allow-Methods").orElse(null), h.toString());
    }

    @Test
    void allowedOriginIsEchoedOnReadsWritesAndErrors() throws Exception {
        HttpResponse<String> put = client("PUT", "/v2/keys/cors/a", PAGE, "value=1");
        assertEquals(201, put.statusCode(), put.body());
        assertCors(put.headers(), PAGE);
        assertEquals("Origin", put.headers().firstValue("Vary").orElse(null));

        HttpResponse<String> get = client("GET", "/v2/keys/cors/a", "http://other.example", null);
        assertEquals(200, get.statusCode());
        assertCors(get.headers(), "http://other.example");

        HttpResponse<String> missing = client("GET", "/v2/keys/cors/none", PAGE, null);
        assertEquals(404, missing.statusCode());
        assertCors(missing.headers(), PAGE);

        HttpResponse<String> v1 = client("GET", "/v1/keys/cors/a", PAGE, null);
        assertEquals(200, v1.statusCode());
        assertCors(v1.headers(), PAGE);
    }

    /**
     * The cluster members' own client origins are allowed beyond -cors: the dashboard opened on a follower follows a
     * write's 307 to the leader's client URL, another origin (its preflight included). Here the only member
     * advertises http://127.0.0.1:4001.
     */
    @Test
    void membersClientOriginsAreAllowedForTheDashboard() throws Exception {
        String member = "http://127.0.0.1:4001";
        HttpResponse<String> preflight = client("OPTIONS", "/v2/keys/cors/m", member, null);
        assertEquals(200, preflight.statusCode());
        assertCors(preflight.headers(), member);
        HttpResponse<String> put = client("PUT", "/v2/keys/cors/m", member, "value=1");
        assertEquals(201, put.statusCode(), put.body());
        assertCors(put.headers(), member);
        // Not a prefix match: another port of the same host is another origin.
        assertNoCors(
                client("GET", "/v2/keys/cors/m", "http://127.0.0.1:40011", null).headers());
    }

    /** 0.4.6 served other origins normally, only without the headers (the browser hides the answer). */
    @Test
    void otherOriginsAndNoOriginGetNoCorsHeaders() throws Exception {
        HttpResponse<String> evil = client("PUT", "/v2/keys/cors/b", "http://evil.example", "value=1");
        assertEquals(201, evil.statusCode(), evil.body());
        assertNoCors(evil.headers());
        HttpResponse<String> none = client("GET", "/v2/keys/cors/b", null, null);
        assertEquals(200, none.statusCode());
        assertNoCors(none.headers());
        // An origin is matched whole: a prefix or another port is another origin.
        assertNoCors(
                client("GET", "/v2/keys/cors/b", "http://page.example", null).headers());
    }

    @Test
    void preflightIsOkWithNoBody() throws Exception {
        HttpResponse<String> options = client("OPTIONS", "/v2/keys/cors/c", PAGE, null);
        assertEquals(200, options.statusCode());
        assertEquals("", options.body());
        assertCors(options.headers(), PAGE);
        HttpResponse<String> notAllowed = client("OPTIONS", "/v2/keys/cors/c", "http://evil.example", null);
        assertEquals(200, notAllowed.statusCode());
        assertNoCors(notAllowed.headers());
        assertEquals(404, client("GET", "/v2/keys/cors/c", null, null).statusCode(), "OPTIONS wrote nothing");
    }

    /** A page can watch: the head, sent before any event, carries the headers. */
    @Test
    void watchesCarryTheHeaders() throws Exception {
        for (String path : List.of("/v2/keys/cors/w?wait=true", "/v1/watch/cors/w")) {
            HttpResponse<InputStream> watch = http.sendAsync(
                            request(node.clientPort(), "GET", path, PAGE, null),
                            HttpResponse.BodyHandlers.ofInputStream())
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            assertEquals(200, watch.statusCode(), path);
            assertCors(watch.headers(), PAGE);
            int status = client("PUT", "/v2/keys/cors/w", null, "value=" + path.length())
                    .statusCode();
            assertEquals(2, status / 100, "the set answered " + status);
            String body = new String(watch.body().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(body.contains("\"value\":\"" + path.length() + "\""), path + ": " + body);
        }
    }

    @Test
    void peerPortAdminRoutesToo() throws Exception {
        HttpResponse<String> machines = http.send(
                request(node.peerPort(), "GET", "/v2/admin/machines", PAGE, null),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, machines.statusCode(), machines.body());
        assertCors(machines.headers(), PAGE);
        HttpResponse<String> options = http.send(
                request(node.peerPort(), "OPTIONS", "/v2/admin/config", PAGE, null),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, options.statusCode());
        assertCors(options.headers(), PAGE);
    }

    /** With * every response says "*", whatever the Origin (0.4.6 did not echo the origin then). */
    @Test
    void starAllowsEveryOriginAsStar() {
        Cors star = new Cors(List.of("*"), new Handler.Abstract() {
            @Override
            public boolean handle(
                    org.eclipse.jetty.server.Request request,
                    org.eclipse.jetty.server.Response response,
                    org.eclipse.jetty.util.Callback callback) {
                return false;
            }
        });
        assertEquals("*", star.allowedOrigin("http://anything.example"));
        assertEquals("*", star.allowedOrigin(null));
        Cors none = new Cors(List.of(), star);
        assertNull(none.allowedOrigin("http://anything.example"));
        assertNull(none.allowedOrigin(null));
    }
}
