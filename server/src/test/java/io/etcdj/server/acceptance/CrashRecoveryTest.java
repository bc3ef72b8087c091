package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL the real process while 16 clients write, restart it on the same data dir, and check that every write
 * the server acknowledged is there with the value and modifiedIndex it was acknowledged with.
 */
@ExtendWith(LogTailOnFailure.class)
class CrashRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 16;
    private static final int MAX_WRITES_PER_WRITER = 4000;

    @TempDir
    Path tmp;

    private final List<EtcdProcess> started = new ArrayList<>();
    private int client;
    private int peer;
    private Path dataDir;
    private int runs;

    record Ack(String value, long index) {}

    @AfterEach
    void stopAll() {
        started.forEach(EtcdProcess::close);
    }

    private EtcdProcess start(String... extra) throws Exception {
        runs++;
        EtcdProcess p = EtcdProcess.start(dataDir, client, peer, tmp.resolve("etcd-" + runs + ".log"), extra);
        started.add(p);
        return p;
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        setUp();
        EtcdProcess etcd = start();
        Map<String, Ack> acked = new ConcurrentHashMap<>();
        writeThenKill(etcd, "a", acked, () -> true);

        EtcdProcess restarted = start();
        assertAllPresent(restarted, acked);
        assertNextWriteContinues(restarted, acked);
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkillAfterSnapshotsAndASecondRestart() throws Exception {
        setUp();
        EtcdProcess etcd = start("-snapshot-count", "500");
        Map<String, Ack> acked = new ConcurrentHashMap<>();
        // Killed once a snapshot is saved (it is written in the background): the restart must start from it.
        writeThenKill(etcd, "a", acked, () -> logSays(etcd, "saved snapshot"));
        List<Path> snaps = snapshots();
        assertFalse(
                snaps.isEmpty(),
                "no snapshot was taken before the kill (" + acked.size() + " writes with" + " -snapshot-count 500): "
                        + dataDir.resolve("snap"));
        assertTrue(Files.readString(etcd.logFile).contains("saved snapshot"), "no snapshot in the log");

        EtcdProcess first = start("-snapshot-count", "500");
        assertAllPresent(first, acked);
        // more writes (and snapshots) on top of the recovered state, then another SIGKILL
        writeThenKill(first, "b", acked, () -> true);

        EtcdProcess second = start("-snapshot-count", "500");
        assertAllPresent(second, acked);
        assertNextWriteContinues(second, acked);
        second.stop();

        EtcdProcess third = start("-snapshot-count", "500");
        assertAllPresent(third, acked);
    }

    private void setUp() throws IOException {
        client = EtcdProcess.freePort();
        peer = EtcdProcess.freePort();
        dataDir = tmp.resolve("machine0");
    }

    private List<Path> snapshots() throws IOException {
        Path dir = dataDir.resolve("snap");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".snap"))
                    .toList();
        }
    }

    private static boolean logSays(EtcdProcess etcd, String text) {
        try {
            return Files.readString(etcd.logFile).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * 16 writers PUT distinct keys /crash/&lt;round&gt;-&lt;thread&gt;-&lt;n&gt;; once 2000 writes of this round are
     * acknowledged and {@code alsoBefore} holds (bounded: 60 s, however slow the machine), the process is SIGKILLed
     * while the writers are still writing.
     */
    private void writeThenKill(EtcdProcess etcd, String round, Map<String, Ack> acked, BooleanSupplier alsoBefore)
            throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        Map<String, Ack> ackedThisRound = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        for (int t = 0; t < WRITERS; t++) {
            int thread = t;
            Thread w = new Thread(
                    () -> {
                        String salt =
                                Long.toHexString(ThreadLocalRandom.current().nextLong());
                        for (int n = 0; n < MAX_WRITES_PER_WRITER; n++) { // until the kill breaks the connection
                            String key = "/crash/" + round + "-" + thread + "-" + n;
                            String value = "v-" + salt + "-" + n;
                            try {
                                HttpResponse<String> r = http.send(
                                        HttpRequest.newBuilder(etcd.url("/v2/keys" + key))
                                                .timeout(Duration.ofSeconds(10))
                                                .header("Content-Type", "application/x-www-form-urlencoded")
                                                .PUT(HttpRequest.BodyPublishers.ofString("value=" + value))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() != 201) {
                                    problems.add(key + ": status " + r.statusCode() + " " + r.body());
                                    return;
                                }
                                JsonNode node = JSON.readTree(r.body()).path("node");
                                long index = node.path("modifiedIndex").asLong();
                                String header =
                                        r.headers().firstValue("X-Etcd-Index").orElse("missing");
                                if (!header.equals(Long.toString(index))
                                        || !node.path("value").asText().equals(value)
                                        || !node.path("key").asText().equals(key)) {
                                    problems.add(key + ": X-Etcd-Index " + header + " for " + r.body());
                                }
                                ackedThisRound.put(key, new Ack(value, index));
                            } catch (IOException e) {
                                if (!killed.get()) {
                                    problems.add(key + ": " + e);
                                }
                                return;
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "writer-" + round + "-" + t);
            w.setDaemon(true);
            writers.add(w);
        }
        writers.forEach(Thread::start);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((ackedThisRound.size() < 2000 || !alsoBefore.getAsBoolean()) && problems.isEmpty()) {
            if (System.nanoTime() > deadline) {
                etcd.kill();
                fail("round " + round + ": " + ackedThisRound.size() + " writes acknowledged in 60 s; not ready to"
                        + " kill\n" + etcd.tail());
            }
            Thread.sleep(10);
        }
        int ackedBeforeKill = ackedThisRound.size();
        killed.set(true); // from now on a broken connection is expected; writers keep writing until it breaks
        etcd.kill();
        for (Thread w : writers) {
            w.join(TimeUnit.SECONDS.toMillis(20));
            if (w.isAlive()) {
                fail(w.getName() + " is still running 20 s after the kill");
            }
        }
        assertTrue(problems.isEmpty(), "writes failed before the kill: " + problems);
        assertTrue(ackedBeforeKill >= 2000, "killed after " + ackedBeforeKill + " acknowledged writes");
        System.out.println("CrashRecoveryTest round " + round + ": " + ackedThisRound.size()
                + " writes acknowledged, SIGKILL sent after " + ackedBeforeKill);
        Map<Long, String> byIndex = new HashMap<>();
        for (Map.Entry<String, Ack> e : ackedThisRound.entrySet()) {
            String other = byIndex.put(e.getValue().index(), e.getKey());
            assertTrue(
                    other == null,
                    "index " + e.getValue().index() + " acknowledged for " + other + " and " + e.getKey());
        }
        acked.putAll(ackedThisRound);
    }

    private static void assertAllPresent(EtcdProcess etcd, Map<String, Ack> acked) throws Exception {
        HttpResponse<String> r = EtcdProcess.HTTP.send(
                HttpRequest.newBuilder(etcd.url("/v2/keys/crash?recursive=true"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        long storeIndex = Long.parseLong(r.headers().firstValue("X-Etcd-Index").orElseThrow());
        Map<String, Ack> present = new HashMap<>();
        for (JsonNode n : JSON.readTree(r.body()).path("node").path("nodes")) {
            present.put(
                    n.path("key").asText(),
                    new Ack(n.path("value").asText(), n.path("modifiedIndex").asLong()));
        }
        List<String> lost = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        long maxAcked = 0;
        for (Map.Entry<String, Ack> e : acked.entrySet()) {
            Ack now = present.get(e.getKey());
            maxAcked = Math.max(maxAcked, e.getValue().index());
            if (now == null) {
                lost.add(e.getKey() + "@" + e.getValue().index());
            } else if (!now.equals(e.getValue())) {
                changed.add(e.getKey() + ": acknowledged " + e.getValue() + ", now " + now);
            }
        }
        assertTrue(
                lost.isEmpty() && changed.isEmpty(),
                lost.size() + " of " + acked.size()
                        + " acknowledged writes lost after restart (first: "
                        + lost.stream().sorted().limit(10).toList()
                        + "), " + changed.size() + " changed ("
                        + changed.stream().limit(10).toList() + ")");
        assertTrue(storeIndex >= maxAcked, "X-Etcd-Index " + storeIndex + " < highest acknowledged " + maxAcked);
    }

    private static void assertNextWriteContinues(EtcdProcess etcd, Map<String, Ack> acked) throws Exception {
        long maxAcked = acked.values().stream().mapToLong(Ack::index).max().orElse(0);
        HttpResponse<String> r = EtcdProcess.HTTP.send(
                HttpRequest.newBuilder(etcd.url("/v2/keys/after-crash"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .PUT(HttpRequest.BodyPublishers.ofString("value=x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode node = JSON.readTree(r.body()).path("node");
        assertNotNull(node);
        assertTrue(
                node.path("modifiedIndex").asLong() > maxAcked,
                "a write after the restart got index " + node.path("modifiedIndex")
                        + ", not above the highest acknowledged " + maxAcked);
    }
}
