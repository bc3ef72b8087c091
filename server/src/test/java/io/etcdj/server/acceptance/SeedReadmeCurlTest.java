package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README seed's "Usage" section (src/test/resources/acceptance/seed-003-usage.md, copied verbatim from
 * seeds/003_4d625c9e8bba029f.txt), run in order with the real {@code curl} binary and the seed's own arguments
 * against a real server process. Every response is compared with what etcd 0.4.6 answers, and with the seed's
 * JSON wherever the seed (a 0.2.0 README) agrees with 0.4.6 numbering and shapes.
 */
@ExtendWith(LogTailOnFailure.class)
class SeedReadmeCurlTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private EtcdProcess etcd;
    private final List<Process> curls = new ArrayList<>();
    private String seedClient = "127.0.0.1:4001";
    private String client;
    private String peer;
    private final AtomicInteger curlRuns = new AtomicInteger();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : curls) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    /** One curl command of the seed and the JSON block that follows it (if any). */
    record SeedStep(String command, List<String> args, JsonNode json) {}

    record Curl(int status, Map<String, String> headers, String body, long millis) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        long header(String name) {
            String v = headers.get(name.toLowerCase(Locale.ROOT));
            assertNotNull(v, "no " + name + " header in " + headers);
            return Long.parseLong(v.trim());
        }
    }

    @Test
    void usageSectionRunsVerbatimWithCurl() throws Exception {
        List<SeedStep> steps = parseSeed();
        assertEquals(20, steps.size(), "curl commands in the seed's Usage section: " + steps);

        boolean seedPorts = EtcdProcess.portFree(4001) && EtcdProcess.portFree(7001);
        int clientPort = seedPorts ? 4001 : EtcdProcess.freePort();
        int peerPort = seedPorts ? 7001 : EtcdProcess.freePort();
        client = "127.0.0.1:" + clientPort;
        peer = "127.0.0.1:" + peerPort;
        if (seedPorts) {
            System.out.println("SeedReadmeCurlTest: running on the seed's own ports 4001/7001");
        } else {
            System.out.println("SeedReadmeCurlTest: port 4001 or 7001 is taken; running on " + client + " / " + peer
                    + " and rewriting the seed's URLs from 127.0.0.1:4001 to " + client);
        }
        etcd = EtcdProcess.start(tmp.resolve("machine0"), clientPort, peerPort, tmp.resolve("etcd.log"));

        // The node's own registration is index 1, before any user write.
        Curl machines = curl(List.of("-L", "http://" + seedClient + "/v2/keys/_etcd/machines"));
        assertEquals(200, machines.status(), machines.body());
        String registration = "etcd=" + enc("http://" + client) + "&raft=" + enc("http://" + peer);
        assertJson("""
                {"action":"get","node":{"key":"/_etcd/machines","dir":true,"nodes":[
                  {"key":"/_etcd/machines/machine0","value":"%s","modifiedIndex":1,"createdIndex":1}],
                  "modifiedIndex":1,"createdIndex":1}}""".formatted(registration), machines.json(), "/_etcd/machines");
        assertEquals(1, machines.header("X-Etcd-Index"));
        JsonNode statsBefore = stats();
        int getsOk = 0;
        int getsFailed = 0;

        // 0: set /message
        SeedStep s = step(steps, 0, "/v2/keys/message -X PUT -d value=\"Hello world\"");
        Curl r = run(s);
        assertEquals(201, r.status(), r.body());
        assertJson("""
                {"action":"set","node":{"key":"/message","value":"Hello world","modifiedIndex":2,"createdIndex":2}}""", r.json(), s.command());
        assertSeedAgrees(s, r.json(), true);
        assertWriteHeaders(r, 2);
        assertFalse(r.body().endsWith("\n"), "0.4.6 success bodies have no trailing newline");

        // 1: get /message
        s = step(steps, 1, "curl -L http://127.0.0.1:4001/v2/keys/message");
        r = run(s);
        getsOk++;
        assertEquals(200, r.status(), r.body());
        assertJson("""
                {"action":"get","node":{"key":"/message","value":"Hello world","modifiedIndex":2,"createdIndex":2}}""", r.json(), s.command());
        assertSeedAgrees(s, r.json(), true);
        assertEquals(2, r.header("X-Etcd-Index"));

        // 2: change /message: 0.4.6 answers with prevNode (the 0.2 seed shows node.prevValue)
        s = step(steps, 2, "-XPUT -d value=\"Hello etcd\"");
        r = run(s);
        assertEquals(200, r.status(), r.body());
        assertJson("""
                {"action":"set","node":{"key":"/message","value":"Hello etcd","modifiedIndex":3,"createdIndex":3},
                 "prevNode":{"key":"/message","value":"Hello world","modifiedIndex":2,"createdIndex":2}}""", r.json(), s.command());
        assertSeedAgrees(s, r.json(), true);
        assertWriteHeaders(r, 3);

        // 3: delete /message
        s = step(steps, 3, "/v2/keys/message -XDELETE");
        r = run(s);
        assertEquals(200, r.status(), r.body());
        assertJson("""
                {"action":"delete","node":{"key":"/message","modifiedIndex":4,"createdIndex":3},
                 "prevNode":{"key":"/message","value":"Hello etcd","modifiedIndex":3,"createdIndex":3}}""", r.json(), s.command());
        assertSeedAgrees(s, r.json(), true);
        assertWriteHeaders(r, 4);

        // 4: a key with a 5 s TTL
        s = step(steps, 4, "-d value=bar -d ttl=5");
        OffsetDateTime before = OffsetDateTime.now();
        r = run(s);
        long ttlSetAt = System.nanoTime();
        assertEquals(201, r.status(), r.body());
        JsonNode ttlNode = r.json();
        String expiration = ttlNode.path("node").path("expiration").asText();
        OffsetDateTime exp = OffsetDateTime.parse(expiration);
        assertTrue(
                !exp.isBefore(before.plusSeconds(4))
                        && !exp.isAfter(OffsetDateTime.now().plusSeconds(6)),
                "expiration " + expiration + " is not about 5 s after " + before);
        ((ObjectNode) ttlNode.path("node")).remove("expiration");
        assertJson("""
                {"action":"set","node":{"key":"/foo","value":"bar","ttl":5,"modifiedIndex":5,"createdIndex":5}}""", ttlNode, s.command());
        assertSeedAgrees(s, r.json(), true);
        assertWriteHeaders(r, 5);

        // 5: get /foo after the TTL: poll (at most 8 s after the set) until it is gone, then error 100 at index 6
        s = step(steps, 5, "curl -L http://127.0.0.1:4001/v2/keys/foo");
        r = null;
        while (System.nanoTime() - ttlSetAt < TimeUnit.SECONDS.toNanos(8)) {
            r = run(s);
            if (r.status() != 200) {
                break;
            }
            getsOk++;
            Thread.sleep(100);
        }
        assertNotNull(r);
        assertEquals(404, r.status(), "/foo must expire within 8 s of a 5 s TTL: " + r.body());
        getsFailed++;
        assertEquals(
                "{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/foo\",\"index\":6}\n",
                r.body(),
                "0.4.6 error body (field order and trailing newline)");
        assertSeedAgrees(s, r.json(), true);
        assertEquals(6, r.header("X-Etcd-Index"));
        assertTrue(
                r.headers().getOrDefault("content-type", "").startsWith("application/json"),
                r.headers().toString());

        // 6 + 7: a waiting curl in the background, then the set it reports
        SeedStep watch = step(steps, 6, "/v2/keys/foo?wait=true");
        assertEquals(List.of("-L", "http://127.0.0.1:4001/v2/keys/foo?wait=true"), watch.args());
        Path watchOut = tmp.resolve("watch.out");
        Process watcher = startCurl(watch.args(), watchOut, tmp.resolve("watch.headers"));
        awaitWatchers(1, watcher);
        s = step(steps, 7, "/v2/keys/foo -XPUT -d value=bar");
        r = run(s);
        assertEquals(201, r.status(), r.body());
        String setAt7 = """
                {"action":"set","node":{"key":"/foo","value":"bar","modifiedIndex":7,"createdIndex":7}}""";
        assertJson(setAt7, r.json(), s.command());
        assertWriteHeaders(r, 7);
        if (!watcher.waitFor(10, TimeUnit.SECONDS)) {
            fail("the waiting curl did not return within 10 s of the set at index 7");
        }
        Curl watched = curlResult(Files.readString(watchOut), tmp.resolve("watch.headers"), 0);
        assertEquals(200, watched.status(), watched.body());
        assertJson(setAt7, watched.json(), watch.command());
        assertSeedAgrees(s, watched.json(), true);

        // 8: watch from index 7 returns at once with the same event
        s = step(steps, 8, "foo?wait=true\\&waitIndex=7");
        assertEquals(List.of("-L", "http://127.0.0.1:4001/v2/keys/foo?wait=true&waitIndex=7"), s.args());
        r = run(s);
        assertEquals(200, r.status(), r.body());
        assertJson(setAt7, r.json(), s.command());
        assertTrue(r.millis() < 3000, "waitIndex=7 must return at once, took " + r.millis() + " ms");

        // 9: foo=one (no JSON in the seed)
        s = step(steps, 9, "/v2/keys/foo -XPUT -d value=one");
        r = run(s);
        assertEquals(200, r.status(), r.body());
        assertJson("""
                {"action":"set","node":{"key":"/foo","value":"one","modifiedIndex":8,"createdIndex":8},
                 "prevNode":{"key":"/foo","value":"bar","modifiedIndex":7,"createdIndex":7}}""", r.json(), s.command());
        assertWriteHeaders(r, 8);

        // 10: prevExist=false on an existing key: 105 (the seed's index 39776 is not from this sequence)
        s = step(steps, 10, "foo?prevExist=false -XPUT -d value=three");
        r = run(s);
        assertEquals(412, r.status(), r.body());
        assertEquals(
                "{\"errorCode\":105,\"message\":\"Key already exists\",\"cause\":\"/foo\",\"index\":8}\n", r.body());
        assertSeedAgrees(s, r.json(), false);
        assertEquals(8, r.header("X-Etcd-Index"));

        // 11: prevValue=two against one: 101 with 0.4.6's cause (no prevIndex given, so no "[0 != 8]")
        s = step(steps, 11, "foo?prevValue=two -XPUT -d value=three");
        r = run(s);
        assertEquals(412, r.status(), r.body());
        assertEquals(
                "{\"errorCode\":101,\"message\":\"Compare failed\",\"cause\":\"[two != one]\",\"index\":8}\n",
                r.body());
        assertEquals(101, s.json().path("errorCode").asInt());
        assertEquals(8, s.json().path("index").asInt(), "the seed's index agrees");
        assertEquals(8, r.header("X-Etcd-Index"));

        // 12: a successful compareAndSwap
        s = step(steps, 12, "foo?prevValue=one -XPUT -d value=two");
        r = run(s);
        assertEquals(200, r.status(), r.body());
        assertJson("""
                {"action":"compareAndSwap","node":{"key":"/foo","value":"two","modifiedIndex":9,"createdIndex":8},
                 "prevNode":{"key":"/foo","value":"one","modifiedIndex":8,"createdIndex":8}}""", r.json(), s.command());
        assertSeedAgrees(s, r.json(), true);
        assertWriteHeaders(r, 9);

        // 13: /foo_dir/foo (the seed's index 2 belongs to a fresh store; here it is 10)
        s = step(steps, 13, "/v2/keys/foo_dir/foo -XPUT -d value=bar");
        r = run(s);
        assertEquals(201, r.status(), r.body());
        String fooDirFoo = """
                {"key":"/foo_dir/foo","value":"bar","modifiedIndex":10,"createdIndex":10}""";
        assertJson("{\"action\":\"set\",\"node\":" + fooDirFoo + "}", r.json(), s.command());
        assertSeedAgrees(s, r.json(), false);
        assertWriteHeaders(r, 10);

        // 14: list / (hidden /_etcd not listed; child dirs without nodes)
        String foo = """
                {"key":"/foo","value":"two","modifiedIndex":9,"createdIndex":8}""";
        s = step(steps, 14, "curl -L http://127.0.0.1:4001/v2/keys/");
        r = run(s);
        getsOk++;
        assertEquals(200, r.status(), r.body());
        assertJson("""
                {"action":"get","node":{"key":"/","dir":true,"nodes":[%s,
                  {"key":"/foo_dir","dir":true,"modifiedIndex":10,"createdIndex":10}]}}""".formatted(foo), r.json(), s.command());
        assertSeedListingAgrees(s, r.json());
        assertEquals(10, r.header("X-Etcd-Index"));

        // 15: recursive listing
        s = step(steps, 15, "/v2/keys/?recursive=true");
        r = run(s);
        getsOk++;
        assertEquals(200, r.status(), r.body());
        assertJson("""
                {"action":"get","node":{"key":"/","dir":true,"nodes":[%s,
                  {"key":"/foo_dir","dir":true,"nodes":[%s],"modifiedIndex":10,"createdIndex":10}]}}""".formatted(foo, fooDirFoo), r.json(), s.command());
        assertSeedListingAgrees(s, r.json());

        // 16: delete the directory recursively (the seed's 10 -> 11 matches this sequence)
        s = step(steps, 16, "foo_dir?recursive=true -XDELETE");
        r = run(s);
        assertEquals(200, r.status(), r.body());
        assertJson("""
                {"action":"delete","node":{"key":"/foo_dir","dir":true,"modifiedIndex":11,"createdIndex":10},
                 "prevNode":{"key":"/foo_dir","dir":true,"modifiedIndex":10,"createdIndex":10}}""", r.json(), s.command());
        assertSeedAgrees(s, r.json(), true);
        assertWriteHeaders(r, 11);

        // 17, 18: hidden /_message and /message (the seed restarts numbering at 3 and 4; here 12 and 13)
        s = step(steps, 17, "/v2/keys/_message -XPUT -d value=\"Hello hidden world\"");
        r = run(s);
        assertEquals(201, r.status(), r.body());
        assertJson("""
                {"action":"set","node":{"key":"/_message","value":"Hello hidden world","modifiedIndex":12,
                 "createdIndex":12}}""", r.json(), s.command());
        assertSeedAgrees(s, r.json(), false);
        assertWriteHeaders(r, 12);
        s = step(steps, 18, "/v2/keys/message -XPUT -d value=\"Hello world\"");
        r = run(s);
        assertEquals(201, r.status(), r.body());
        assertJson("""
                {"action":"set","node":{"key":"/message","value":"Hello world","modifiedIndex":13,
                 "createdIndex":13}}""", r.json(), s.command());
        assertSeedAgrees(s, r.json(), false);
        assertWriteHeaders(r, 13);

        // 19: /_message is not listed (the seed's listing still shows /foo_dir, deleted in step 16)
        s = step(steps, 19, "curl -L http://127.0.0.1:4001/v2/keys/");
        r = run(s);
        getsOk++;
        assertEquals(200, r.status(), r.body());
        assertJson("""
                {"action":"get","node":{"key":"/","dir":true,"nodes":[%s,
                  {"key":"/message","value":"Hello world","modifiedIndex":13,"createdIndex":13}]}}""".formatted(foo), r.json(), s.command());
        assertFalse(r.body().contains("_message"), r.body());
        assertTrue(
                s.json().toString().contains("/message") && !s.json().toString().contains("_message"));

        // /_message is hidden, not gone
        r = curl(List.of("-L", "http://" + seedClient + "/v2/keys/_message"));
        getsOk++;
        assertEquals(200, r.status(), r.body());
        assertEquals("Hello hidden world", r.json().path("node").path("value").asText());

        JsonNode statsAfter = stats();
        Map<String, Integer> expected = new HashMap<>();
        expected.put("getsSuccess", getsOk);
        expected.put("getsFail", getsFailed);
        expected.put("setsSuccess", 8);
        expected.put("setsFail", 0);
        expected.put("deleteSuccess", 2);
        expected.put("deleteFail", 0);
        expected.put("updateSuccess", 0);
        expected.put("updateFail", 0);
        expected.put("createSuccess", 0);
        expected.put("createFail", 1);
        expected.put("compareAndSwapSuccess", 1);
        expected.put("compareAndSwapFail", 1);
        expected.put("compareAndDeleteSuccess", 0);
        expected.put("compareAndDeleteFail", 0);
        expected.put("expireCount", 1);
        Map<String, Integer> actual = new HashMap<>();
        for (String counter : expected.keySet()) {
            assertTrue(
                    statsAfter.has(counter) && statsBefore.has(counter),
                    "/v2/stats/store lacks " + counter + ": " + statsAfter);
            actual.put(
                    counter,
                    statsAfter.path(counter).asInt() - statsBefore.path(counter).asInt());
        }
        assertEquals(
                expected,
                actual,
                "/v2/stats/store counter deltas over the seed run; before " + statsBefore + " after " + statsAfter);
        assertEquals(0, statsAfter.path("watchers").asInt(), "no watcher is left: " + statsAfter);
        // the informational endpoints (after the stats: reading the machine list may count as store gets, as it
        // does in 0.4.6 where the registry reads /_etcd/machines through store.Get)
        r = curl(List.of("-L", "http://" + seedClient + "/version"));
        assertEquals(200, r.status(), r.body());
        assertEquals("etcd 0.4.6", r.body());
        r = curl(List.of("-L", "http://" + seedClient + "/v2/machines"));
        assertEquals(200, r.status(), r.body());
        assertEquals("http://" + client, r.body());
        r = curl(List.of("-L", "http://" + seedClient + "/v2/leader"));
        assertEquals(200, r.status(), r.body());
        assertEquals("http://" + peer, r.body());

        System.out.println("SeedReadmeCurlTest: ran " + curlRuns.get() + " curl commands");
    }

    // ---------------------------------------------------------------- seed parsing

    private static List<SeedStep> parseSeed() throws IOException {
        String text;
        try (InputStream in = SeedReadmeCurlTest.class.getResourceAsStream("/acceptance/seed-003-usage.md")) {
            assertNotNull(in, "seed resource missing");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<SeedStep> steps = new ArrayList<>();
        String fence = null;
        StringBuilder block = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (fence == null && line.startsWith("```")) {
                fence = line.substring(3).trim();
                block.setLength(0);
            } else if (fence != null && line.startsWith("```")) {
                String content = block.toString().trim();
                if (fence.equals("sh") && content.startsWith("curl ")) {
                    List<String> words = shellWords(content);
                    assertEquals("curl", words.get(0));
                    steps.add(new SeedStep(content, List.copyOf(words.subList(1, words.size())), null));
                } else if (fence.equals("json")
                        && !steps.isEmpty()
                        && steps.get(steps.size() - 1).json() == null) {
                    SeedStep last = steps.remove(steps.size() - 1);
                    steps.add(new SeedStep(last.command(), last.args(), JSON.readTree(content)));
                }
                fence = null;
            } else if (fence != null) {
                block.append(line).append('\n');
            }
        }
        return steps;
    }

    /** POSIX shell word splitting for the seed's one-line commands: quotes and backslash escapes. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    w.append(line.charAt(++i));
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        assertEquals(0, quote, "unterminated quote in " + line);
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    private static SeedStep step(List<SeedStep> steps, int i, String mustContain) {
        SeedStep s = steps.get(i);
        assertTrue(
                s.command().contains(mustContain),
                "seed step " + i + " is `" + s.command() + "`, expected it to" + " contain `" + mustContain + "`");
        return s;
    }

    // ---------------------------------------------------------------- running curl

    private List<String> rewrite(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            out.add(a.replace(seedClient, client));
        }
        return out;
    }

    private Curl run(SeedStep s) throws Exception {
        return curl(s.args());
    }

    private Curl curl(List<String> seedArgs) throws Exception {
        int n = curlRuns.incrementAndGet();
        Path out = tmp.resolve("curl-" + n + ".out");
        Path headers = tmp.resolve("curl-" + n + ".headers");
        long start = System.nanoTime();
        Process p = startCurl(seedArgs, out, headers);
        if (!p.waitFor(25, TimeUnit.SECONDS)) {
            fail("curl " + seedArgs + " did not finish within 25 s");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(0, p.exitValue(), "curl " + seedArgs + " failed: " + Files.readString(out));
        return curlResult(Files.readString(out), headers, millis);
    }

    /** {@code curl -s -S --max-time 20 -D <headers> -w '\n%{http_code}'} followed by the seed's own arguments. */
    private Process startCurl(List<String> seedArgs, Path out, Path headers) throws IOException {
        List<String> cmd = new ArrayList<>(
                List.of("curl", "-s", "-S", "--max-time", "20", "-D", headers.toString(), "-w", "\n%{http_code}"));
        cmd.addAll(rewrite(seedArgs));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        curls.add(p);
        return p;
    }

    private static Curl curlResult(String output, Path headerFile, long millis) throws IOException {
        int nl = output.lastIndexOf('\n');
        assertTrue(nl >= 0, "no status line in curl output: " + output);
        int status = Integer.parseInt(output.substring(nl + 1).trim());
        Map<String, String> headers = new HashMap<>();
        for (String line : Files.readAllLines(headerFile, StandardCharsets.ISO_8859_1)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        return new Curl(status, headers, output.substring(0, nl), millis);
    }

    private JsonNode stats() throws Exception {
        Curl r = curl(List.of("-L", "http://" + seedClient + "/v2/stats/store"));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private void awaitWatchers(int n, Process watcher) throws Exception {
        for (int i = 0; i < 100; i++) {
            assertTrue(watcher.isAlive(), "the waiting curl exited early");
            if (stats().path("watchers").asInt() >= n) {
                return;
            }
            Thread.sleep(50);
        }
        fail("/v2/stats/store never showed " + n + " watcher(s)");
    }

    // ---------------------------------------------------------------- comparisons

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void assertWriteHeaders(Curl r, long index) {
        assertEquals(index, r.header("X-Etcd-Index"), "X-Etcd-Index");
        assertTrue(r.header("X-Raft-Index") >= index, "X-Raft-Index " + r.headers());
        assertTrue(r.header("X-Raft-Term") >= 0, "X-Raft-Term " + r.headers());
    }

    /** Exact JSON equality, with "nodes" arrays compared in key order (0.4.6 lists in map order). */
    private static void assertJson(String expected, JsonNode actual, String what) throws IOException {
        JsonNode want = sortNodes(JSON.readTree(expected));
        JsonNode got = sortNodes(actual.deepCopy());
        assertEquals(want, got, what + "\nexpected " + want + "\nactual   " + actual);
    }

    private static JsonNode sortNodes(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.properties().forEach(e -> sortNodes(e.getValue()));
            if (o.get("nodes") instanceof ArrayNode arr) {
                List<JsonNode> items = new ArrayList<>();
                arr.forEach(items::add);
                items.sort(Comparator.comparing(x -> x.path("key").asText()));
                arr.removeAll();
                items.forEach(arr::add);
            }
        } else if (n instanceof ArrayNode a) {
            a.forEach(SeedReadmeCurlTest::sortNodes);
        }
        return n;
    }

    /**
     * The response agrees with the seed's JSON on action, key, value, dir and ttl (or error code and cause), the
     * seed's 0.2 {@code node.prevValue} being 0.4.6's {@code prevNode.value}; with {@code indices}, also on the
     * indices (only where the seed's numbering is that of this very sequence).
     */
    private static void assertSeedAgrees(SeedStep s, JsonNode actual, boolean indices) {
        JsonNode seed = s.json();
        assertNotNull(seed, "the seed has no JSON for " + s.command());
        String what = "seed JSON for `" + s.command() + "`: " + seed + "\nactual: " + actual;
        if (seed.has("errorCode")) {
            assertEquals(
                    seed.path("errorCode").asInt(), actual.path("errorCode").asInt(), what);
            assertEquals(seed.path("cause").asText(), actual.path("cause").asText(), what);
            if (indices) {
                assertEquals(seed.path("index").asLong(), actual.path("index").asLong(), what);
            }
            return;
        }
        assertEquals(seed.path("action").asText(), actual.path("action").asText(), what);
        JsonNode sn = seed.path("node");
        JsonNode an = actual.path("node");
        assertEquals(sn.path("key").asText(), an.path("key").asText(), what);
        assertEquals(sn.has("value"), an.has("value"), what);
        assertEquals(sn.path("value").asText(), an.path("value").asText(), what);
        assertEquals(sn.path("dir").asBoolean(), an.path("dir").asBoolean(), what);
        assertEquals(sn.has("ttl"), an.has("ttl"), what);
        assertEquals(sn.path("ttl").asInt(), an.path("ttl").asInt(), what);
        assertEquals(sn.has("expiration"), an.has("expiration"), what);
        if (sn.has("prevValue")) {
            assertEquals(
                    sn.path("prevValue").asText(),
                    actual.path("prevNode").path("value").asText(),
                    what);
        }
        if (indices) {
            assertEquals(
                    sn.path("createdIndex").asLong(), an.path("createdIndex").asLong(), what);
            assertEquals(
                    sn.path("modifiedIndex").asLong(), an.path("modifiedIndex").asLong(), what);
        }
    }

    /** Listings: the seed's root is a dir named "/" and every dir it lists under /foo_dir is there with its keys. */
    private static void assertSeedListingAgrees(SeedStep s, JsonNode actual) {
        JsonNode seed = s.json();
        assertNotNull(seed);
        assertEquals(seed.path("action").asText(), actual.path("action").asText());
        assertEquals("/", actual.path("node").path("key").asText());
        assertTrue(actual.path("node").path("dir").asBoolean());
        assertFalse(actual.path("node").has("createdIndex"), "0.4.6's root has no indices: " + actual);
        for (JsonNode seedChild : seed.path("node").path("nodes")) {
            JsonNode match = null;
            for (JsonNode c : actual.path("node").path("nodes")) {
                if (c.path("key").asText().equals(seedChild.path("key").asText())) {
                    match = c;
                }
            }
            assertNotNull(match, "seed lists " + seedChild.path("key") + " but the response does not: " + actual);
            assertEquals(seedChild.path("dir").asBoolean(), match.path("dir").asBoolean());
            assertEquals(seedChild.has("nodes"), match.has("nodes"), "child nodes listed as in the seed: " + actual);
        }
    }
}
