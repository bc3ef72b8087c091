package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Start-up and restart behaviour of the real process: persistence, raft term, flag and data-dir errors. */
@ExtendWith(LogTailOnFailure.class)
class RestartAndBadStartTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<EtcdProcess> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(EtcdProcess::close);
    }

    private EtcdProcess start(Path dataDir, int client, int peer, String logName) throws Exception {
        EtcdProcess p = EtcdProcess.start(dataDir, client, peer, tmp.resolve(logName));
        started.add(p);
        return p;
    }

    private static HttpResponse<String> put(EtcdProcess etcd, String key, String value) throws Exception {
        return EtcdProcess.HTTP.send(
                HttpRequest.newBuilder(etcd.url("/v2/keys" + key))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .PUT(HttpRequest.BodyPublishers.ofString("value=" + value))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(EtcdProcess etcd, String key) throws Exception {
        return EtcdProcess.HTTP.send(
                HttpRequest.newBuilder(etcd.url("/v2/keys" + key))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long header(HttpResponse<?> r, String name) {
        return Long.parseLong(r.headers()
                .firstValue(name)
                .orElseThrow(() -> new AssertionError(
                        "no " + name + " header in " + r.headers().map())));
    }

    @Test
    void dataSurvivesCleanStopAndRestartAndTheRaftTermGrows() throws Exception {
        Path dataDir = tmp.resolve("machine0");
        int client = EtcdProcess.freePort();
        int peer = EtcdProcess.freePort();
        EtcdProcess first = start(dataDir, client, peer, "first.log");
        HttpResponse<String> w1 = put(first, "/persist/a", "one");
        assertEquals(201, w1.statusCode(), w1.body());
        HttpResponse<String> w2 = put(first, "/persist/b", "two");
        assertEquals(201, w2.statusCode(), w2.body());
        long indexB =
                JSON.readTree(w2.body()).path("node").path("modifiedIndex").asLong();
        long termBefore = header(w2, "X-Raft-Term");
        first.stop();
        assertFalse(first.isAlive());

        EtcdProcess second = start(dataDir, client, peer, "second.log");
        HttpResponse<String> a = get(second, "/persist/a");
        assertEquals(200, a.statusCode(), a.body());
        assertEquals("one", JSON.readTree(a.body()).path("node").path("value").asText());
        HttpResponse<String> b = get(second, "/persist/b");
        assertEquals(200, b.statusCode(), b.body());
        JsonNode nodeB = JSON.readTree(b.body()).path("node");
        assertEquals("two", nodeB.path("value").asText());
        assertEquals(indexB, nodeB.path("modifiedIndex").asLong());
        assertEquals(indexB, header(b, "X-Etcd-Index"), "store index after restart");

        HttpResponse<String> w3 = put(second, "/persist/c", "three");
        assertEquals(201, w3.statusCode(), w3.body());
        long indexC =
                JSON.readTree(w3.body()).path("node").path("modifiedIndex").asLong();
        assertTrue(indexC > indexB, "the index must keep growing after a restart: " + indexB + " -> " + indexC);
        long termAfter = header(w3, "X-Raft-Term");
        assertTrue(termAfter > termBefore, "X-Raft-Term must grow on restart: " + termBefore + " -> " + termAfter);
    }

    @Test
    void unknownFlagExitsNonZeroNamingTheFlag() throws Exception {
        EtcdProcess.Exit exit = EtcdProcess.runToExit(
                List.of("-nope", "-data-dir", tmp.resolve("d").toString()), tmp);
        assertNotEquals(0, exit.code(), exit.both());
        assertTrue(exit.stderr().contains("-nope"), exit.both());
    }

    @Test
    void portInUseExitsNonZeroNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            EtcdProcess.Exit exit =
                    EtcdProcess.runToExit(EtcdProcess.nodeArgs(tmp.resolve("d"), port, EtcdProcess.freePort()), tmp);
            assertNotEquals(0, exit.code(), exit.both());
            assertTrue((exit.stdout() + exit.stderr()).contains("127.0.0.1:" + port), exit.both());
        }
    }

    @Test
    void peerPortInUseExitsNonZeroNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            EtcdProcess.Exit exit =
                    EtcdProcess.runToExit(EtcdProcess.nodeArgs(tmp.resolve("d"), EtcdProcess.freePort(), port), tmp);
            assertNotEquals(0, exit.code(), exit.both());
            assertTrue((exit.stdout() + exit.stderr()).contains("127.0.0.1:" + port), exit.both());
        }
    }

    @Test
    void helpPrintsEveryFlagAndExitsZero() throws Exception {
        EtcdProcess.Exit exit = EtcdProcess.runToExit(List.of("-h"), tmp);
        assertEquals(0, exit.code(), exit.both());
        String text = exit.stdout() + exit.stderr();
        for (String flag : List.of(
                "name",
                "data-dir",
                "addr",
                "peer-addr",
                "bind-addr",
                "peer-bind-addr",
                "snapshot",
                "snapshot-count",
                "peers",
                "peers-file",
                "discovery",
                "cert-file",
                "key-file",
                "ca-file",
                "peer-cert-file",
                "peer-key-file",
                "peer-ca-file",
                "cors",
                "f",
                "v",
                "version",
                "peer-heartbeat-interval",
                "peer-election-timeout",
                "http-read-timeout",
                "http-write-timeout",
                "cluster-active-size",
                "cluster-remove-delay",
                "cluster-sync-interval",
                "config")) {
            Pattern listed = Pattern.compile("(?m)^\\s*-" + Pattern.quote(flag) + "(\\s|=|$)");
            assertTrue(listed.matcher(text).find(), "-h does not list -" + flag + ":\n" + exit.both());
        }
    }

    @Test
    void secondProcessOnTheSameDataDirIsRefused() throws Exception {
        Path dataDir = tmp.resolve("shared");
        EtcdProcess first = start(dataDir, EtcdProcess.freePort(), EtcdProcess.freePort(), "first.log");
        assertEquals(201, put(first, "/owner", "first").statusCode());
        EtcdProcess.Exit exit = EtcdProcess.runToExit(
                EtcdProcess.nodeArgs(dataDir, EtcdProcess.freePort(), EtcdProcess.freePort()), tmp);
        assertNotEquals(0, exit.code(), exit.both());
        assertTrue((exit.stdout() + exit.stderr()).contains(dataDir.toString()), exit.both());
        assertTrue(first.isAlive(), "the first process must keep running");
        HttpResponse<String> r = get(first, "/owner");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("first", JSON.readTree(r.body()).path("node").path("value").asText());
    }

    @Test
    void aFlippedByteInTheMiddleOfTheWalRefusesStartUpNamingTheFile() throws Exception {
        Path dataDir = tmp.resolve("machine0");
        int client = EtcdProcess.freePort();
        int peer = EtcdProcess.freePort();
        EtcdProcess etcd = start(dataDir, client, peer, "writer.log");
        int n = 200;
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = put(etcd, "/walfill/k" + i, String.format("walmarker-%04d-payload", i));
            assertEquals(201, r.statusCode(), r.body());
        }
        etcd.stop();

        byte[] marker = "walmarker-0100-payload".getBytes(StandardCharsets.US_ASCII);
        Path hitFile = null;
        int hitOffset = -1;
        List<Path> wals;
        try (Stream<Path> files = Files.list(dataDir.resolve("wal"))) {
            wals = files.filter(p -> p.getFileName().toString().endsWith(".wal"))
                    .sorted()
                    .toList();
        }
        assertFalse(wals.isEmpty(), "no *.wal files in " + dataDir.resolve("wal"));
        for (Path wal : wals) {
            byte[] bytes = Files.readAllBytes(wal);
            int at = indexOf(bytes, marker);
            if (at >= 0) {
                hitFile = wal;
                hitOffset = at;
                break;
            }
        }
        if (hitFile == null) {
            fail("the value of entry 100 of " + n + " is in no WAL file " + wals
                    + " (values are expected verbatim in the log)");
        }
        byte[] bytes = Files.readAllBytes(hitFile);
        int flip = hitOffset + "walmarker-".length();
        assertTrue(
                indexOf(bytes, "walmarker-0199-payload".getBytes(StandardCharsets.US_ASCII)) > flip
                        || !hitFile.equals(wals.get(wals.size() - 1)),
                "later entries must follow the corrupted one so the damage is in the middle");
        bytes[flip] ^= 0x01;
        Files.write(hitFile, bytes);

        EtcdProcess.Exit exit = EtcdProcess.runToExit(EtcdProcess.nodeArgs(dataDir, client, peer), tmp);
        assertNotEquals(0, exit.code(), "start-up must refuse a corrupted WAL\n" + exit.both());
        String out = exit.stdout() + exit.stderr();
        assertTrue(
                out.contains(hitFile.getFileName().toString()),
                "the message must name " + hitFile + "\n" + exit.both());
        // The operator's line says where and what to do, without a stack trace to dig it out of.
        assertTrue(out.contains(": offset "), "the message must give the offset\n" + exit.both());
        assertTrue(
                out.contains("move this data dir aside") && out.contains("with an empty -data-dir to rejoin"),
                "the message must say how to rejoin\n" + exit.both());
        assertFalse(out.contains("\tat io.etcdj"), "no stack trace\n" + exit.both());
        String walName = hitFile.getFileName().toString();
        System.out.println("RestartAndBadStartTest: flipped byte " + flip + " of " + walName
                + "; start-up refused with exit " + exit.code() + ": "
                + out.lines().filter(l -> l.contains(walName)).findFirst().orElse(""));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
