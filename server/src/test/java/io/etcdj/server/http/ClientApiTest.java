package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcdj.server.config.ServerConfig;
import io.etcdj.server.node.EtcdNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The client and peer ports of an in-process node, through real HTTP. */
class ClientApiTest {
    private static final int MAX_REQUEST_BYTES = 4096;
    private static final String CLIENT_URL = "http://127.0.0.1:4001";
    private static final String PEER_URL = "http://127.0.0.1:7001";
    private static final long TIMEOUT_S = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static EtcdNode node;
    static HttpClient http;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        ServerConfig defaults = ServerConfig.defaults("n1", dir.resolve("n1.etcd"));
        ServerConfig config = defaults.withClient(new ServerConfig.ClientPort(
                        new ServerConfig.Listener(CLIENT_URL, "127.0.0.1", 0),
                        null,
                        MAX_REQUEST_BYTES,
                        300,
                        ServerConfig.ClientLimits.DEFAULTS,
                        List.of()))
                .withPeer(new ServerConfig.Listener(PEER_URL, "127.0.0.1", 0));
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

    // ---- helpers ----

    private static HttpResponse<String> send(String method, String pathAndQuery, String form) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(TIMEOUT_S));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
            b.method(method, HttpRequest.BodyPublishers.ofString(form));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send("GET", pathAndQuery, null);
    }

    private static HttpResponse<String> put(String key, String form) throws Exception {
        return send("PUT", "/v2/keys" + key, form);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static long header(HttpResponse<?> r, String name) {
        String v = r.headers().firstValue(name).orElse(null);
        assertNotNull(v, "missing header " + name);
        return Long.parseLong(v);
    }

    record Raw(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends bytes exactly as given (URIs the JDK client would refuse) and reads until the server closes. */
    private static Raw raw(int port, String requestLineAndHeaders, byte[] body) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
            s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
            OutputStream out = s.getOutputStream();
            out.write((requestLineAndHeaders + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            byte[] all = s.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, () -> "no complete response head: " + text);
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            byte[] rest = Arrays.copyOfRange(all, end + 4, all.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                rest = dechunk(rest);
            }
            return new Raw(status, headers, rest);
        }
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String s = new String(chunked, StandardCharsets.ISO_8859_1);
        int pos = 0;
        while (pos < s.length()) {
            int eol = s.indexOf("\r\n", pos);
            int size = Integer.parseInt(s.substring(pos, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, eol + 2, size);
            pos = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static Raw rawClient(String method, String target) throws IOException {
        return raw(node.clientPort(), method + " " + target + " HTTP/1.1\r\n", null);
    }

    // ---- keys ----

    @Test
    void setAnswers201ThenOkWithPrevNodeAndIndexHeaders() throws Exception {
        HttpResponse<String> first = put("/api/set", "value=one");
        assertEquals(201, first.statusCode(), first.body());
        JsonNode body = json(first);
        assertEquals("set", body.get("action").asText());
        assertEquals("/api/set", body.get("node").get("key").asText());
        assertEquals("one", body.get("node").get("value").asText());
        assertFalse(body.has("prevNode"));
        long modified = body.get("node").get("modifiedIndex").asLong();
        assertEquals(modified, header(first, "X-Etcd-Index"));
        assertTrue(header(first, "X-Raft-Index") >= modified);
        assertTrue(header(first, "X-Raft-Term") >= 1);
        assertEquals(
                "application/json", first.headers().firstValue("Content-Type").orElse(""));
        assertFalse(first.body().endsWith("\n"), "success bodies have no trailing newline");

        HttpResponse<String> second = put("/api/set", "value=two");
        assertEquals(200, second.statusCode());
        JsonNode again = json(second);
        assertEquals("one", again.get("prevNode").get("value").asText());
        assertEquals(modified + 1, header(second, "X-Etcd-Index"));
        assertEquals(header(first, "X-Raft-Index") + 1, header(second, "X-Raft-Index"));

        HttpResponse<String> read = get("/v2/keys/api/set");
        assertEquals(200, read.statusCode());
        assertEquals("two", json(read).get("node").get("value").asText());
        assertTrue(header(read, "X-Etcd-Index") >= modified + 1);
    }

    @Test
    void createAndCompareAndSwapStatuses() throws Exception {
        assertEquals(201, put("/api/cas", "value=a&prevExist=false").statusCode());
        HttpResponse<String> exists = put("/api/cas", "value=a&prevExist=false");
        assertEquals(412, exists.statusCode());
        assertEquals(105, json(exists).get("errorCode").asInt());
        assertTrue(exists.body().endsWith("}\n"));
        HttpResponse<String> mismatch = put("/api/cas", "value=b&prevValue=zzz");
        assertEquals(412, mismatch.statusCode());
        assertEquals(101, json(mismatch).get("errorCode").asInt());
        assertTrue(mismatch.headers().firstValue("X-Etcd-Index").isPresent());
        HttpResponse<String> swapped = put("/api/cas", "value=b&prevValue=a");
        assertEquals(200, swapped.statusCode());
        assertEquals("compareAndSwap", json(swapped).get("action").asText());
        HttpResponse<String> missing = get("/v2/keys/api/nothing-here");
        assertEquals(404, missing.statusCode());
        assertEquals(100, json(missing).get("errorCode").asInt());
    }

    @Test
    void headHasHeadersAndNoBody() throws Exception {
        put("/api/head", "value=hello");
        Raw r = rawClient("HEAD", "/v2/keys/api/head");
        assertEquals(200, r.status());
        assertNotNull(r.headers().get("x-etcd-index"));
        assertNotNull(r.headers().get("x-raft-index"));
        assertNotNull(r.headers().get("x-raft-term"));
        assertEquals(0, r.body().length, "HEAD must not send a body");
        Raw missing = rawClient("HEAD", "/v2/keys/api/head-missing");
        assertEquals(404, missing.status());
        assertEquals(0, missing.body().length);
    }

    @Test
    void patchIsNotAllowed() throws Exception {
        HttpResponse<String> r = send("PATCH", "/v2/keys/api/x", "value=1");
        assertEquals(405, r.statusCode());
        String allow = r.headers().firstValue("Allow").orElse("");
        for (String m : List.of("GET", "HEAD", "PUT", "POST", "DELETE")) {
            assertTrue(allow.contains(m), allow);
        }
        assertEquals(405, send("POST", "/v2/machines", "x=1").statusCode());
    }

    @Test
    void unknownPathsAre404Pages() throws Exception {
        for (String path : List.of("/v2/nope", "/foo", "/v2/keysx", "/mod/v2/lock/x", "/v2/stats/nope")) {
            HttpResponse<String> r = get(path);
            assertEquals(404, r.statusCode(), path);
            assertEquals("404 page not found\n", r.body(), path);
        }
    }

    @Test
    void dotDotAndDoubleSlashesAreCleaned() throws Exception {
        Raw r = raw(
                node.clientPort(),
                "PUT /v2/keys/clean//a/../b HTTP/1.1\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n",
                "value=x".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, r.status(), r.text());
        assertEquals("/clean/b", JSON.readTree(r.body()).get("node").get("key").asText());
        HttpResponse<String> read = get("/v2/keys/clean/b");
        assertEquals("x", json(read).get("node").get("value").asText());
        Raw viaDots = rawClient("GET", "/v2/keys/clean/./x/../b");
        assertEquals(200, viaDots.status());
        assertEquals(
                "/clean/b", JSON.readTree(viaDots.body()).get("node").get("key").asText());
    }

    /**
     * The cluster registry under /_etcd is read-only for clients: a forged machine entry would make followers
     * redirect writes to it and /v2/machines, /v2/members and /v2/leader list it; a recursive delete would empty
     * them. Every write spelling is refused with 106 and nothing changes; reads still work.
     */
    @Test
    void writesToTheClusterRegistryAreRefusedWithEtcdJson() throws Exception {
        String machinesBefore = get("/v2/machines").body();
        String membersBefore = get("/v2/members").body();
        String registryBefore = get("/v2/keys/_etcd?recursive=true&sorted=true").body();
        String forged = "value=etcd%3Dhttp%253A%252F%252Fevil%253A4001%26raft%3Dhttp%253A%252F%252Fevil%253A7001";
        String[][] attempts = {
            {"PUT", "/v2/keys/_etcd/machines/evil", forged},
            {"PUT", "/v2/keys/_etcd/machines/n1", forged},
            {"POST", "/v2/keys/_etcd/machines", forged},
            {"PUT", "/v2/keys/_etcd/machines/evil?prevExist=false", forged},
            {"DELETE", "/v2/keys/_etcd?recursive=true", null},
            {"DELETE", "/v2/keys/_etcd/machines/n1", null},
            {"DELETE", "/v2/keys/_etcd/machines/n1?prevValue=x", null},
            {"PUT", "/v2/keys//_etcd/machines/evil", forged},
            {"PUT", "/v2/keys/%5Fetcd/machines/evil", forged},
            {"PUT", "/v2/keys/%2F_etcd/machines/evil", forged},
            {"DELETE", "/v2/keys/foo/%2E%2E/_etcd?recursive=true", null},
        };
        for (String[] a : attempts) {
            HttpResponse<String> r = send(a[0], a[1], a[2]);
            assertEquals(400, r.statusCode(), a[0] + " " + a[1] + ": " + r.body());
            JsonNode error = json(r);
            assertEquals(106, error.get("errorCode").asInt(), r.body());
            assertEquals(
                    "The prefix of given key is a keyword in etcd",
                    error.get("message").asText());
            assertEquals("/_etcd", error.get("cause").asText());
        }
        // Spellings the JDK client would normalise or refuse, sent byte for byte.
        for (String target : new String[] {
            "/v2/keys/foo/../_etcd/machines/evil",
            "/v2/keys/./_etcd/machines/evil",
            "/v2/keys/_etcd/./machines/../machines/evil"
        }) {
            Raw r = raw(
                    node.clientPort(),
                    "PUT " + target + " HTTP/1.1\r\n"
                            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + forged.length()
                            + "\r\n",
                    forged.getBytes(StandardCharsets.UTF_8));
            assertEquals(400, r.status(), target + ": " + r.text());
            assertEquals(106, JSON.readTree(r.body()).get("errorCode").asInt(), r.text());
        }
        assertEquals(machinesBefore, get("/v2/machines").body());
        assertEquals(membersBefore, get("/v2/members").body());
        assertEquals(
                registryBefore, get("/v2/keys/_etcd?recursive=true&sorted=true").body());
        assertEquals(200, get("/v2/keys/_etcd/machines/n1?quorum=true").statusCode(), "reads are allowed");
        assertEquals(201, put("/not_etcd/machines/x", "value=v").statusCode(), "a lookalike key is an ordinary key");
    }

    @Test
    void invalidPercentEncodingIs400WithEtcdJson() throws Exception {
        for (String target : List.of(
                "/v2/keys/%zz",
                "/v2/keys/a?value=%zz", "/v2/keys/a?wait=%4", "/v2/keys/%C3%28", "/v2/keys/a?recursive=%")) {
            Raw r = rawClient("GET", target);
            assertEquals(400, r.status(), target + " -> " + r.text());
            JsonNode body = JSON.readTree(r.body());
            assertEquals(210, body.get("errorCode").asInt(), target);
            assertTrue(r.headers().getOrDefault("content-type", "").startsWith("application/json"), target);
        }
        Raw body = raw(
                node.clientPort(),
                "PUT /v2/keys/api/badbody HTTP/1.1\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n",
                "value=%zz".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, body.status(), body.text());
        assertEquals(210, JSON.readTree(body.body()).get("errorCode").asInt());
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String big = "value=" + "x".repeat(MAX_REQUEST_BYTES + 10);
        HttpResponse<String> r = put("/api/big", big);
        assertEquals(413, r.statusCode());
        assertEquals(210, json(r).get("errorCode").asInt());
        // Without Content-Length (chunked), the limit holds too.
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(base + "/v2/keys/api/big2"))
                .timeout(Duration.ofSeconds(TIMEOUT_S))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> c = http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, c.statusCode(), c.body());
        assertEquals(210, json(c).get("errorCode").asInt());
        assertEquals(404, get("/v2/keys/api/big").statusCode());
        assertEquals(404, get("/v2/keys/api/big2").statusCode());
    }

    private static CompletableFuture<HttpResponse<InputStream>> watch(String pathAndQuery) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void waitCompletesWhenAPutHappens() throws Exception {
        // Headers are sent once the watch is registered, so the PUT below cannot slip in before it.
        HttpResponse<InputStream> w = watch("/v2/keys/api/w?wait=true").get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(200, w.statusCode());
        long startIndex = header(w, "X-Etcd-Index");
        HttpResponse<String> p = put("/api/w", "value=woken");
        CompletableFuture<byte[]> body = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = w.body()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        JsonNode event = JSON.readTree(body.get(TIMEOUT_S, TimeUnit.SECONDS));
        assertEquals("set", event.get("action").asText());
        assertEquals("woken", event.get("node").get("value").asText());
        assertEquals(
                header(p, "X-Etcd-Index"),
                event.get("node").get("modifiedIndex").asLong());
        assertTrue(event.get("node").get("modifiedIndex").asLong() > startIndex);
    }

    @Test
    void streamDeliversSeveralEvents() throws Exception {
        HttpResponse<InputStream> w = watch("/v2/keys/api/stream?wait=true&stream=true&recursive=true")
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(200, w.statusCode());
        put("/api/stream/a", "value=1");
        put("/api/stream/b", "value=2");
        InputStream in = w.body();
        CompletableFuture<List<JsonNode>> two = CompletableFuture.supplyAsync(() -> {
            List<JsonNode> events = new ArrayList<>();
            try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(in)) {
                while (events.size() < 2 && it.hasNext()) {
                    events.add(it.next());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return events;
        });
        try {
            List<JsonNode> events = two.get(TIMEOUT_S, TimeUnit.SECONDS);
            assertEquals(2, events.size());
            assertEquals("/api/stream/a", events.get(0).get("node").get("key").asText());
            assertEquals("/api/stream/b", events.get(1).get("node").get("key").asText());
        } finally {
            in.close();
        }
    }

    @Test
    void waitIndexOlderThanTheHistoryIs401() throws Exception {
        long first = header(put("/api/old/start", "value=0"), "X-Etcd-Index");
        List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
        for (int i = 0; i < 1010; i++) {
            batch.add(http.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/v2/keys/api/old/k" + (i % 20)))
                            .timeout(Duration.ofSeconds(TIMEOUT_S))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .PUT(HttpRequest.BodyPublishers.ofString("value=" + i))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
            if (batch.size() == 32) {
                for (CompletableFuture<HttpResponse<String>> f : batch) {
                    assertTrue(f.get(TIMEOUT_S, TimeUnit.SECONDS).statusCode() < 300);
                }
                batch.clear();
            }
        }
        for (CompletableFuture<HttpResponse<String>> f : batch) {
            assertTrue(f.get(TIMEOUT_S, TimeUnit.SECONDS).statusCode() < 300);
        }
        HttpResponse<String> r = get("/v2/keys/api/old/start?wait=true&waitIndex=" + first);
        assertEquals(400, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals(401, body.get("errorCode").asInt());
        assertTrue(body.get("cause").asText().contains("the requested history has been cleared"), r.body());
        assertTrue(body.get("index").asLong() >= first + 1010);
    }

    @Test
    void quorumAndConsistentReads() throws Exception {
        put("/api/q", "value=fresh");
        for (String flag : List.of("quorum=true", "consistent=true")) {
            HttpResponse<String> r = get("/v2/keys/api/q?" + flag);
            assertEquals(200, r.statusCode(), flag);
            assertEquals("fresh", json(r).get("node").get("value").asText(), flag);
        }
    }

    @Test
    void inOrderKeysListInCreationOrder() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            HttpResponse<String> r = send("POST", "/v2/keys/api/queue", "value=job" + i);
            assertEquals(201, r.statusCode());
            JsonNode body = json(r);
            assertEquals("create", body.get("action").asText());
            String key = body.get("node").get("key").asText();
            assertTrue(key.startsWith("/api/queue/"), key);
            created.add(key);
        }
        JsonNode nodes = json(get("/v2/keys/api/queue?recursive=true&sorted=true"))
                .get("node")
                .get("nodes");
        assertEquals(12, nodes.size());
        for (int i = 0; i < 12; i++) {
            assertEquals(created.get(i), nodes.get(i).get("key").asText());
            assertEquals("job" + (i + 1), nodes.get(i).get("value").asText());
        }
    }

    @Test
    void deleteDirectoryRules() throws Exception {
        put("/api/d/x", "value=1");
        assertEquals(403, send("DELETE", "/v2/keys/api/d", null).statusCode());
        assertEquals(403, send("DELETE", "/v2/keys/api/d?dir=true", null).statusCode());
        HttpResponse<String> r = send("DELETE", "/v2/keys/api/d?recursive=true", null);
        assertEquals(200, r.statusCode());
        assertEquals("delete", json(r).get("action").asText());
        HttpResponse<String> root = put("/", "value=x");
        assertEquals(400, root.statusCode(), "107 Root is read only maps to 400 in etcd's error table");
        assertEquals(107, json(root).get("errorCode").asInt());
    }

    // ---- info ----

    @Test
    void directoryTtlIsSetRefreshedAndClearedWithAnEmptyTtl() throws Exception {
        assertEquals(201, put("/ttldir", "dir=true&ttl=100").statusCode());
        assertEquals(100, json(get("/v2/keys/ttldir")).path("node").path("ttl").asLong());
        HttpResponse<String> refreshed = put("/ttldir", "dir=true&prevExist=true&ttl=500");
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals(500, json(get("/v2/keys/ttldir")).path("node").path("ttl").asLong());
        HttpResponse<String> cleared = put("/ttldir", "dir=true&prevExist=true&ttl=");
        assertEquals(200, cleared.statusCode(), cleared.body());
        JsonNode node = json(get("/v2/keys/ttldir")).path("node");
        assertTrue(node.path("ttl").isMissingNode(), node.toString());
        assertTrue(node.path("expiration").isMissingNode(), node.toString());
        assertTrue(node.path("dir").asBoolean());
    }

    private static Map<String, Long> storeStats() throws Exception {
        HttpResponse<String> r = get("/v2/stats/store");
        assertEquals(200, r.statusCode());
        Map<String, Long> counters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json(r).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            counters.put(e.getKey(), e.getValue().asLong());
        }
        return counters;
    }

    @Test
    void storeStatsCount() throws Exception {
        Map<String, Long> before = storeStats();
        assertEquals(
                List.of(
                        "getsSuccess",
                        "getsFail",
                        "setsSuccess",
                        "setsFail",
                        "deleteSuccess",
                        "deleteFail",
                        "updateSuccess",
                        "updateFail",
                        "createSuccess",
                        "createFail",
                        "compareAndSwapSuccess",
                        "compareAndSwapFail",
                        "compareAndDeleteSuccess",
                        "compareAndDeleteFail",
                        "expireCount",
                        "watchers"),
                new ArrayList<>(before.keySet()));
        assertEquals(404, get("/v2/keys/api/stats-missing").statusCode());
        assertEquals(201, put("/api/stats-key", "value=1").statusCode());
        assertEquals(412, put("/api/stats-key", "value=2&prevValue=nope").statusCode());
        Map<String, Long> after = storeStats();
        assertTrue(after.get("getsFail") >= before.get("getsFail") + 1);
        assertTrue(after.get("setsSuccess") >= before.get("setsSuccess") + 1);
        assertTrue(after.get("compareAndSwapFail") >= before.get("compareAndSwapFail") + 1);
    }

    @Test
    void machinesLeaderVersionAndSelfStats() throws Exception {
        HttpResponse<String> machines = get("/v2/machines");
        assertEquals(200, machines.statusCode());
        assertEquals(CLIENT_URL, machines.body());
        assertEquals(CLIENT_URL, get("/v2/peers").body());
        HttpResponse<String> leader = get("/v2/leader");
        assertEquals(200, leader.statusCode());
        assertEquals(PEER_URL, leader.body());
        assertEquals("etcd 0.4.6", get("/version").body());
        JsonNode self = json(get("/v2/stats/self"));
        assertEquals("n1", self.get("name").asText());
        assertEquals("leader", self.get("state").asText());
        assertEquals("n1", self.get("leaderInfo").get("leader").asText());
        assertTrue(self.get("leaderInfo").get("uptime").asText().endsWith("s"));
        assertTrue(self.get("startTime").asText().endsWith("Z"));
        JsonNode leaderStats = json(get("/v2/stats/leader"));
        assertEquals("n1", leaderStats.get("leader").asText());
    }

    @Test
    void peerPortAdminApi() throws Exception {
        Raw machines = raw(node.peerPort(), "GET /v2/admin/machines HTTP/1.1\r\n", null);
        assertEquals(200, machines.status());
        JsonNode list = JSON.readTree(machines.body());
        assertTrue(list.isArray());
        assertEquals(1, list.size());
        assertEquals("n1", list.get(0).get("name").asText());
        assertEquals("leader", list.get(0).get("state").asText());
        assertEquals(CLIENT_URL, list.get(0).get("clientURL").asText());
        assertEquals(PEER_URL, list.get(0).get("peerURL").asText());
        Raw config = raw(node.peerPort(), "GET /v2/admin/config HTTP/1.1\r\n", null);
        assertEquals(200, config.status());
        JsonNode c = JSON.readTree(config.body());
        assertEquals(9, c.get("activeSize").asInt());
        assertEquals(1800, c.get("removeDelay").asInt());
        assertEquals(5, c.get("syncInterval").asInt());
        assertEquals("n1", raw(node.peerPort(), "GET /name HTTP/1.1\r\n", null).text());
        assertEquals(404, raw(node.peerPort(), "GET /nope HTTP/1.1\r\n", null).status());
    }

    // ---- nothing odd is ever a 500 ----

    static Stream<Arguments> oddRequests() {
        String longKey = "k".repeat(6000);
        return Stream.of(
                Arguments.of("PUT", "/v2/keys/", "value=x"),
                Arguments.of("PUT", "/v2/keys", "value=x"),
                Arguments.of("DELETE", "/v2/keys/", null),
                Arguments.of("DELETE", "/v2/keys/?recursive=true&dir=true", null),
                Arguments.of("POST", "/v2/keys/", "value=x"),
                Arguments.of("GET", "/v2/keys", null),
                Arguments.of("GET", "/v2/keys/", null),
                Arguments.of("PUT", "/v2/keys/odd/" + longKey, "value=x"),
                Arguments.of("GET", "/v2/keys/odd/" + longKey, null),
                Arguments.of("GET", "/v2/keys/odd/" + "x".repeat(40_000), null),
                Arguments.of("PUT", "/v2/keys/odd/ttl?ttl=99999999999999999999", "value=x"),
                Arguments.of("PUT", "/v2/keys/odd/ttl?ttl=-1", "value=x"),
                Arguments.of("PUT", "/v2/keys/odd/ttl?ttl=3153600000", "value=x"),
                Arguments.of("GET", "/v2/keys/odd?wait=true&waitIndex=-5", null),
                Arguments.of("GET", "/v2/keys/odd?wait=true&waitIndex=99999999999999999999", null),
                Arguments.of("PUT", "/v2/keys/odd?prevIndex=18446744073709551616", "value=x"),
                Arguments.of("PUT", "/v2/keys/odd/%E6%97%A5%E6%9C%AC", "value=%F0%9F%8E%89"),
                Arguments.of("GET", "/v2/keys/odd/%E6%97%A5%E6%9C%AC", null),
                Arguments.of("PUT", "/v2/keys/odd/%00", "value=nul"),
                Arguments.of("GET", "/v2/keys/odd/%00", null),
                Arguments.of("PUT", "/v2/keys/odd/v?value=%00", null),
                Arguments.of("PUT", "/v2/keys/odd/%2F%2F..%2F", "value=x"),
                Arguments.of("PUT", "/v2/keys/odd/slash%2Fkey", "value=x"),
                Arguments.of("PUT", "/v2/keys/odd/%", "value=x"),
                Arguments.of("GET", "/v2/keys/odd/%ff", null),
                Arguments.of("GET", "/v2/keys/odd?recursive=True&sorted=TRUE", null),
                Arguments.of("GET", "/v2/keys/odd?=&&=x&%20=1", null),
                Arguments.of("PUT", "/v2/keys/odd/dir?dir=true&value=x&ttl=", null),
                Arguments.of("PUT", "/v2/keys/odd/dir/file", "value=x"),
                Arguments.of("PUT", "/v2/keys/odd/dir?prevExist=true&value=x", null),
                Arguments.of("PUT", "/v2/keys/odd/dir/file/under", "value=x"),
                Arguments.of("DELETE", "/v2/keys/odd/dir?prevValue=x", null),
                Arguments.of("GET", "/v2/keys/_etcd/machines?recursive=true", null),
                Arguments.of("GET", "/v2/stats/store?x=%zz", null),
                Arguments.of("GET", "/v2/keys/../../etc/passwd", null),
                Arguments.of("OPTIONS", "/v2/keys/odd", null),
                Arguments.of("TRACE", "/v2/keys/odd", null),
                Arguments.of("GET", "/", null),
                Arguments.of("GET", "//v2//keys//odd", null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("oddRequests")
    void oddRequestsAreNeverA500(String method, String target, String form) throws Exception {
        String head = method + " " + target + " HTTP/1.1\r\n";
        byte[] body = null;
        if (form != null) {
            body = form.getBytes(StandardCharsets.UTF_8);
            head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n";
        } else if (method.equals("PUT") || method.equals("POST")) {
            head += "Content-Length: 0\r\n";
        }
        Raw r = raw(node.clientPort(), head, body);
        assertTrue(r.status() < 500, () -> method + " " + target + " -> " + r.status() + " " + r.text());
        if (r.status() >= 400
                && r.headers().getOrDefault("content-type", "").startsWith("application/json")
                && !method.equals("HEAD")) {
            assertTrue(JSON.readTree(r.body()).has("errorCode"), r.text());
        }
    }
}
