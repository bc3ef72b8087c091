package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcdj.server.config.ServerConfig;
import io.etcdj.server.node.EtcdNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd 0.4.6's v1 API (server/v1/*.go and its tests) on an in-process node, through real HTTP. */
class V1ApiHttpTest {
    private static final long TIMEOUT_S = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static EtcdNode node;
    static HttpClient http;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = ServerConfig.defaults("n1", dir.resolve("n1.etcd"))
                .withClient(new ServerConfig.ClientPort(
                        new ServerConfig.Listener("http://127.0.0.1:4001", "127.0.0.1", 0),
                        null,
                        4096,
                        300,
                        ServerConfig.ClientLimits.DEFAULTS,
                        List.of()))
                .withPeer(new ServerConfig.Listener("http://127.0.0.1:7001", "127.0.0.1", 0));
        node = EtcdNode.start(config, Clock.systemUTC());
        base = "http://127.0.0.1:" + node.clientPort();
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

    static HttpRequest request(String method, String pathAndQuery, String form) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(TIMEOUT_S));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
            b.method(method, HttpRequest.BodyPublishers.ofString(form));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    static HttpResponse<String> send(String method, String pathAndQuery, String form) throws Exception {
        return http.send(request(method, pathAndQuery, form), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    static void assertError(HttpResponse<String> r, int status, int code, String cause) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals(code, body.path("errorCode").asInt(), r.body());
        if (cause != null) {
            assertEquals(cause, body.path("cause").asText(), r.body());
        }
    }

    @Test
    void setGetAndDeleteAsInZeroFourSix() throws Exception {
        // The cause names the first missing component, as 0.4.6's store did.
        assertError(send("GET", "/v1/keys/sgd/bar", null), 404, 100, "/sgd");

        HttpResponse<String> set = send("PUT", "/v1/keys/sgd/bar", "value=XXX");
        assertEquals(200, set.statusCode(), "v1 set is 200 even for a new key: " + set.body());
        long index = json(set).path("index").asLong();
        assertEquals(
                "{\"action\":\"set\",\"key\":\"/sgd/bar\",\"value\":\"XXX\",\"newKey\":true,\"index\":" + index + "}",
                set.body());

        HttpResponse<String> get = send("GET", "/v1/keys/sgd/bar", null);
        assertEquals(200, get.statusCode());
        assertEquals("get", json(get).path("action").asText());
        assertEquals("XXX", json(get).path("value").asText());
        assertTrue(json(get).path("index").asLong() >= index, "a read reports the store's index: " + get.body());

        HttpResponse<String> head = send("HEAD", "/v1/keys/sgd/bar", null);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());

        HttpResponse<String> posted = send("POST", "/v1/keys/sgd/bar", "value=YYY");
        assertEquals(200, posted.statusCode(), "POST is a set too: " + posted.body());
        assertEquals(
                "{\"action\":\"set\",\"key\":\"/sgd/bar\",\"prevValue\":\"XXX\",\"value\":\"YYY\",\"index\":"
                        + (index + 1) + "}",
                posted.body());

        HttpResponse<String> deleted = send("DELETE", "/v1/keys/sgd/bar", null);
        assertEquals(200, deleted.statusCode());
        assertEquals(
                "{\"action\":\"delete\",\"key\":\"/sgd/bar\",\"prevValue\":\"YYY\",\"index\":" + (index + 2) + "}",
                deleted.body());
        assertError(send("GET", "/v1/keys/sgd/bar", null), 404, 100, "/sgd/bar");
    }

    @Test
    void testAndSetOnValueAndOnExistence() throws Exception {
        send("PUT", "/v1/keys/cas/bar", "value=XXX");
        HttpResponse<String> fail = send("PUT", "/v1/keys/cas/bar", "value=YYY&prevValue=AAA");
        assertError(fail, 412, 101, "[AAA != XXX]");

        HttpResponse<String> ok = send("PUT", "/v1/keys/cas/bar", "value=YYY&prevValue=XXX");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("testAndSet", json(ok).path("action").asText());
        assertEquals("XXX", json(ok).path("prevValue").asText());
        assertEquals("YYY", json(ok).path("value").asText());

        // prevValue= (empty): create only if absent.
        assertError(send("PUT", "/v1/keys/cas/bar", "value=ZZZ&prevValue="), 412, 105, "/cas/bar");
        HttpResponse<String> created = send("PUT", "/v1/keys/cas/new", "value=ZZZ&prevValue=");
        assertEquals(200, created.statusCode(), created.body());
        assertEquals("testAndSet", json(created).path("action").asText());
        assertFalse(json(created).has("newKey"), created.body());
    }

    @Test
    void badFormsGetZeroFourSixErrors() throws Exception {
        assertError(send("PUT", "/v1/keys/bad/k", "ttl=5"), 400, 200, "Set");
        assertError(send("PUT", "/v1/keys/bad/k", "value=x&ttl=bad"), 400, 202, "Set");
        assertError(send("POST", "/v1/watch/bad/k", null), 400, 203, "Watch From Index");
        assertError(send("PUT", "/v1/keys/_etcd/machines/evil", "value=x"), 400, 106, null);
        send("PUT", "/v1/keys/bad/dir/child", "value=x");
        assertError(send("DELETE", "/v1/keys/bad/dir", null), 403, 102, null);
        HttpResponse<String> wrongMethod = send("PUT", "/v1/watch/bad/k", "value=x");
        assertEquals(405, wrongMethod.statusCode());
        assertEquals(
                "GET, HEAD, POST", wrongMethod.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void ttlIsShownWithItsExpiration() throws Exception {
        HttpResponse<String> set = send("PUT", "/v1/keys/ttl/k", "value=v&ttl=20");
        assertEquals(200, set.statusCode(), set.body());
        JsonNode body = json(set);
        assertEquals(20, body.path("ttl").asLong(), set.body());
        assertTrue(body.path("expiration").asText().endsWith("Z"), set.body());
    }

    @Test
    void directoryIsListedOneLevelAsAnArray() throws Exception {
        send("PUT", "/v1/keys/ls/x", "value=XXX");
        send("PUT", "/v1/keys/ls/y/z", "value=YYY");
        send("PUT", "/v1/keys/ls/_hidden", "value=h");
        HttpResponse<String> ls = send("GET", "/v1/keys/ls", null);
        assertEquals(200, ls.statusCode(), ls.body());
        JsonNode nodes = json(ls);
        assertTrue(nodes.isArray(), ls.body());
        assertEquals(2, nodes.size(), "hidden children are left out: " + ls.body());
        JsonNode x = nodes.get(0).path("key").asText().equals("/ls/x") ? nodes.get(0) : nodes.get(1);
        JsonNode y = x == nodes.get(0) ? nodes.get(1) : nodes.get(0);
        assertEquals("get", x.path("action").asText());
        assertEquals("XXX", x.path("value").asText());
        assertEquals("/ls/y", y.path("key").asText());
        assertTrue(y.path("dir").asBoolean(), ls.body());
        assertFalse(y.has("value"), ls.body());
    }

    /** GET /v1/watch waits for the next change; the head is sent once the watch is registered. */
    @Test
    void watchWaitsForTheNextChange() throws Exception {
        send("PUT", "/v1/keys/w/next", "value=before");
        CompletableFuture<HttpResponse<InputStream>> watch =
                http.sendAsync(request("GET", "/v1/watch/w/next", null), HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> head = watch.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(200, head.statusCode());
        long index = json(send("PUT", "/v1/keys/w/next", "value=after"))
                .path("index")
                .asLong();
        String body = new String(head.body().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(
                "{\"action\":\"set\",\"key\":\"/w/next\",\"prevValue\":\"before\",\"value\":\"after\",\"index\":"
                        + index + "}",
                body);
    }

    /** TestV1WatchKeyWithIndex: POST index=N returns the first change at or after N, at once if it happened. */
    @Test
    void watchFromAnIndex() throws Exception {
        long first =
                json(send("PUT", "/v1/keys/w/idx", "value=XXX")).path("index").asLong();
        send("PUT", "/v1/keys/w/other", "value=noise");
        long second =
                json(send("PUT", "/v1/keys/w/idx", "value=YYY")).path("index").asLong();
        HttpResponse<String> fromSecond = send("POST", "/v1/watch/w/idx", "index=" + (first + 1));
        assertEquals(200, fromSecond.statusCode(), fromSecond.body());
        assertEquals("YYY", json(fromSecond).path("value").asText(), fromSecond.body());
        assertEquals(second, json(fromSecond).path("index").asLong());
        HttpResponse<String> fromFirst = send("POST", "/v1/watch/w/idx?index=" + first, null);
        assertEquals("XXX", json(fromFirst).path("value").asText(), fromFirst.body());
    }

    /** 0.4.6 always wrapped its handlers in the CORS handler: OPTIONS is 200, with no CORS headers when off. */
    @Test
    void optionsIsOkWithoutCorsHeadersWhenCorsIsOff() throws Exception {
        HttpRequest options = HttpRequest.newBuilder(URI.create(base + "/v1/keys/opt"))
                .timeout(Duration.ofSeconds(TIMEOUT_S))
                .header("Origin", "http://page.example")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> r = http.send(options, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("", r.body());
        assertTrue(
                r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
                r.headers().toString());
    }

    @Test
    void infoRoutesAnswerAsTheirV2Twins() throws Exception {
        for (String route : List.of("/leader", "/machines", "/peers", "/stats/self", "/stats/leader", "/stats/store")) {
            HttpResponse<String> v1 = send("GET", "/v1" + route, null);
            assertEquals(200, v1.statusCode(), route + ": " + v1.body());
            assertEquals(
                    send("GET", "/v2" + route, null).headers().firstValue("Content-Type"),
                    v1.headers().firstValue("Content-Type"),
                    route);
        }
        assertEquals("http://127.0.0.1:7001", send("GET", "/v1/leader", null).body());
        assertEquals("http://127.0.0.1:4001", send("GET", "/v1/machines", null).body());
        assertEquals(404, send("GET", "/v1/members", null).statusCode(), "only 0.4.6's v1 routes exist");
    }
}
