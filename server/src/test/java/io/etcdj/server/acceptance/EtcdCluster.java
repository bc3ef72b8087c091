package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcdj.certs.CertsGenMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Real member processes started with the README seed's Clustering command shape
 * ({@code -peer-addr 127.0.0.1:P -addr 127.0.0.1:C [-peers 127.0.0.1:P1] -data-dir machines/machineN -name machineN})
 * on free ports, and the small HTTP helpers the cluster tests share. Every wait is bounded and polls something
 * observable.
 */
final class EtcdCluster implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A joining member or a restart that replays a log may take a while on a loaded 2-core machine. */
    static final int READY_SECONDS = 60;

    private final Path tmp;
    /** -peer-cert-file/-peer-key-file/-peer-ca-file for every member, or empty for plaintext peers. */
    private final List<String> peerTlsFlags;

    final Map<String, Member> members = new LinkedHashMap<>();

    EtcdCluster(Path tmp) {
        this(tmp, List.of());
    }

    EtcdCluster(Path tmp, List<String> peerTlsFlags) {
        this.tmp = tmp;
        this.peerTlsFlags = List.copyOf(peerTlsFlags);
    }

    /**
     * A cluster whose members talk mutual TLS: a CA and one peer certificate for 127.0.0.1 from certs-gen, used by
     * every member (the seed's "Using HTTPS between servers").
     */
    static EtcdCluster withPeerTls(Path tmp) throws IOException {
        Path certs = tmp.resolve("peer-certs");
        certsGen("ca", "--name", "peer-ca", "--out", certs.toString());
        certsGen(
                "peer",
                "--name",
                "member",
                "--ip",
                "127.0.0.1",
                "--ca",
                certs.resolve("peer-ca.crt").toString(),
                "--ca-key",
                certs.resolve("peer-ca.key").toString(),
                "--out",
                certs.toString());
        return new EtcdCluster(
                tmp,
                List.of(
                        "-peer-cert-file",
                        certs.resolve("member.crt").toString(),
                        "-peer-key-file",
                        certs.resolve("member.key").toString(),
                        "-peer-ca-file",
                        certs.resolve("peer-ca.crt").toString()));
    }

    private static void certsGen(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        if (CertsGenMain.run(args, print, print) != 0) {
            throw new IOException("certs-gen " + String.join(" ", args) + ": " + out.toString(StandardCharsets.UTF_8));
        }
    }

    /** One member: its name, ports and data dir stay the same across restarts. */
    final class Member {
        final String name;
        final int clientPort;
        final int peerPort;
        final Path dataDir;
        EtcdProcess process;
        private int runs;

        private Member(String name) throws IOException {
            this.name = name;
            this.clientPort = EtcdProcess.freePort();
            this.peerPort = EtcdProcess.freePort();
            this.dataDir = tmp.resolve("machines").resolve(name);
        }

        String clientUrl() {
            return "http://127.0.0.1:" + clientPort;
        }

        String peerUrl() {
            return (peerTlsFlags.isEmpty() ? "http" : "https") + "://127.0.0.1:" + peerPort;
        }

        String peerAddr() {
            return "127.0.0.1:" + peerPort;
        }

        URI url(String pathAndQuery) {
            return URI.create(clientUrl() + pathAndQuery);
        }

        URI peerUri(String pathAndQuery) {
            return URI.create(peerUrl() + pathAndQuery);
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        Path logFile() {
            return process.logFile;
        }

        String log() throws IOException {
            return Files.readString(process.logFile);
        }

        /** Launches this member without waiting; {@link #awaitReady()} waits for its client port. */
        void launch(String peers, String... extra) throws IOException {
            runs++;
            List<String> flags = new ArrayList<>(peerTlsFlags);
            flags.addAll(List.of(extra));
            process = EtcdProcess.launch(
                    EtcdProcess.memberArgs(name, dataDir, clientPort, peerPort, peers, flags.toArray(String[]::new)),
                    dataDir,
                    clientPort,
                    peerPort,
                    tmp.resolve(name + "-" + runs + ".log"));
        }

        void awaitReady() throws Exception {
            process.awaitReady(READY_SECONDS);
        }

        void start(String peers, String... extra) throws Exception {
            launch(peers, extra);
            awaitReady();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The seed's three machines: machine1 alone, then machine2 and machine3 joining through it; extra flags on all. */
    List<Member> startSeedThree(String... extra) throws Exception {
        Member m1 = member("machine1");
        Member m2 = member("machine2");
        Member m3 = member("machine3");
        m1.start(null, extra);
        m2.start(m1.peerAddr(), extra);
        m3.start(m1.peerAddr(), extra);
        return List.of(m1, m2, m3);
    }

    Member member(String name) throws IOException {
        Member m = new Member(name);
        members.put(name, m);
        return m;
    }

    Member get(String name) {
        return members.get(name);
    }

    List<Member> alive() {
        return members.values().stream().filter(Member::alive).toList();
    }

    @Override
    public void close() {
        for (Member m : members.values()) {
            if (m.process != null) {
                m.process.close();
            }
        }
    }

    // ---------------------------------------------------------------- HTTP

    record Resp(int status, Map<String, List<String>> headers, String body, URI uri) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + " from " + uri + "): " + body, e);
            }
        }

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return status + " " + uri + " " + body;
        }
    }

    /**
     * The real {@code curl} binary: {@code curl -s -S --max-time 20 -D <headers> -w '\n%{http_code}' <args>}; the
     * status is the last response's (after {@code -L} redirects), the headers are those of every response.
     */
    Resp curl(String... args) throws Exception {
        int n = ++curlRuns;
        Path out = tmp.resolve("curl-" + n + ".out");
        Path headerFile = tmp.resolve("curl-" + n + ".headers");
        List<String> cmd = new ArrayList<>(
                List.of("curl", "-s", "-S", "--max-time", "20", "-D", headerFile.toString(), "-w", "\n%{http_code}"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            if (!p.waitFor(25, TimeUnit.SECONDS)) {
                fail("curl " + List.of(args) + " did not finish within 25 s");
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        String output = Files.readString(out);
        if (p.exitValue() != 0) {
            fail("curl " + List.of(args) + " exited " + p.exitValue() + ": " + output);
        }
        int nl = output.lastIndexOf('\n');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : Files.readAllLines(headerFile, StandardCharsets.ISO_8859_1)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(
                                line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        return new Resp(
                Integer.parseInt(output.substring(nl + 1).trim()),
                headers,
                output.substring(0, nl),
                URI.create(Arrays.stream(args)
                        .filter(a -> a.startsWith("http"))
                        .findFirst()
                        .orElse("curl:no-url")));
    }

    private int curlRuns;

    /** One request, no redirect followed. {@code form} is an x-www-form-urlencoded body or null. */
    static Resp send(String method, URI uri, String form) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        b.method(
                method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        HttpResponse<String> r = EtcdProcess.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Resp(r.statusCode(), r.headers().map(), r.body(), uri);
    }

    static Resp get(URI uri) throws IOException, InterruptedException {
        return send("GET", uri, null);
    }

    /** Like {@code curl -L}: follows up to 5 redirects, re-sending the method and body. */
    static Resp follow(String method, URI uri, String form) throws IOException, InterruptedException {
        Resp r = send(method, uri, form);
        for (int hops = 0; hops < 5 && r.status() >= 301 && r.status() <= 308; hops++) {
            String location = r.header("Location");
            if (location == null) {
                return r;
            }
            r = send(method, uri.resolve(location), form);
        }
        return r;
    }

    static String form(String value) {
        return "value=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Sets {@code key} through {@code via} (following a 307 to the leader), retrying (bounded) while there is no
     * leader or the member is unreachable; returns the acknowledged modifiedIndex.
     */
    static long set(Member via, String key, String value, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "nothing tried";
        while (System.nanoTime() < deadline) {
            try {
                Resp r = follow("PUT", via.url("/v2/keys" + key), form(value));
                if (r.status() == 200 || r.status() == 201) {
                    JsonNode node = r.json().path("node");
                    if (!node.path("value").asText().equals(value)) {
                        fail("set " + key + "=" + value + " answered " + r);
                    }
                    return node.path("modifiedIndex").asLong();
                }
                last = r.toString();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        fail("set " + key + " through " + via + " did not succeed within " + seconds + " s; last: " + last);
        return -1;
    }

    /** The member's own answer to a plain GET (served locally, may lag); null on 404. */
    static String localValue(Member m, String key) throws IOException, InterruptedException {
        Resp r = get(m.url("/v2/keys" + key));
        if (r.status() == 404) {
            return null;
        }
        if (r.status() != 200) {
            throw new AssertionError("GET " + key + " on " + m + ": " + r);
        }
        return r.json().path("node").path("value").asText();
    }

    /** Bounded: until {@code m}'s local GET of {@code key} shows {@code value}. */
    static void awaitLocalValue(Member m, String key, String value, int seconds) throws Exception {
        await(seconds, () -> {
            try {
                String now = localValue(m, key);
                return value.equals(now) ? null : "local GET " + key + " on " + m + " is " + now + ", want " + value;
            } catch (IOException e) {
                return e.toString();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** Bounded poll: {@code problem} returns null once the condition holds, else a description of what is off. */
    static void await(int seconds, Supplier<String> problem) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last;
        while (true) {
            last = problem.get();
            if (last == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("not within " + seconds + " s: " + last);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Bounded: until exactly one of {@code among} says {@code "state":"leader"} in /v2/stats/self and every one of
     * them names its peer URL on /v2/leader. Returns the leader.
     */
    Member awaitLeader(int seconds, Collection<Member> among) throws InterruptedException {
        Member[] found = new Member[1];
        await(seconds, () -> {
            try {
                List<Member> leaders = new ArrayList<>();
                List<String> states = new ArrayList<>();
                for (Member m : among) {
                    Resp r = get(m.url("/v2/stats/self"));
                    String state = r.status() == 200 ? r.json().path("state").asText() : "HTTP " + r.status();
                    states.add(m + "=" + state);
                    if (state.equals("leader")) {
                        leaders.add(m);
                    }
                }
                if (leaders.size() != 1) {
                    return "states " + states;
                }
                Member leader = leaders.get(0);
                for (Member m : among) {
                    Resp r = get(m.url("/v2/leader"));
                    if (r.status() != 200 || !r.body().equals(leader.peerUrl())) {
                        return "states " + states + " but /v2/leader on " + m + " is " + r;
                    }
                }
                found[0] = leader;
                return null;
            } catch (IOException e) {
                return e.toString();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        return found[0];
    }
}
