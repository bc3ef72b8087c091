package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real member configured the ways etcd 0.4.6's documentation shows: by /etc/etcd/etcd.conf and a -config file, and
 * by the environment variables of the tutorial's cloud-config stub alone. A user's curl then reaches it at the
 * address the file or the environment gave.
 */
@ExtendWith(LogTailOnFailure.class)
class ConfigFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /**
     * {@code java ... Main args} in {@code workDir} with exactly {@code env} as its ETCD_* variables (the test JVM's
     * own are dropped) and the system-wide file at {@code systemFile}.
     */
    private Process launch(Path workDir, Path systemFile, Map<String, String> env, Path log, String... args)
            throws IOException {
        List<String> cmd = EtcdProcess.javaCommand(List.of("-Detcdj.systemConfigFile=" + systemFile), List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCD_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** Bounded: until curl gets /version from the port, or the process dies. */
    private static void awaitVersion(Process p, int clientPort, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("etcd exited with " + p.exitValue() + "\n" + EtcdProcess.tailOf(log, 60));
            }
            try {
                HttpResponse<String> r = EtcdProcess.HTTP.send(
                        HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + clientPort + "/version"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        fail("etcd did not answer /version within 60 s\n" + EtcdProcess.tailOf(log, 60));
    }

    /** The user's command: {@code curl -s URL}, its output. */
    private static String curl(String url) throws Exception {
        Process p = new ProcessBuilder("curl", "-s", "--max-time", "10", url)
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("curl " + url + " did not finish");
        }
        assertEquals(0, p.exitValue(), () -> "curl " + url + ": " + new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void theConfigFilesAddrIsWhereTheMemberListens() throws Exception {
        int client = EtcdProcess.freePort();
        int peer = EtcdProcess.freePort();
        int flagPeer = EtcdProcess.freePort();
        Path dataDir = tmp.resolve("data");
        Path system = tmp.resolve("system-etcd.conf");
        // The system-wide file names the member and a peer port that the -config file then overrides.
        Files.writeString(system, "name = \"from-system-file\"\n[peer]\naddr = \"127.0.0.1:" + flagPeer + "\"\n");
        Path conf = tmp.resolve("etcd.conf");
        Files.writeString(
                conf,
                "# as in etc/etcd.conf.example\n"
                        + "data_dir = \"" + dataDir + "\"\n"
                        + "addr = \"127.0.0.1:" + client + "\"\n"
                        + "max_result_buffer = 10\n"
                        + "[peer]\n"
                        + "addr = \"127.0.0.1:" + peer + "\"\n");
        Path log = tmp.resolve("etcd.log");
        Process p = launch(tmp, system, Map.of(), log, "-config", conf.toString(), "-snapshotCount", "500");
        awaitVersion(p, client, log);

        JsonNode self = JSON.readTree(curl("http://127.0.0.1:" + client + "/v2/stats/self"));
        assertEquals("from-system-file", self.path("name").asText(), self::toString);
        String machines = curl("http://127.0.0.1:" + client + "/v2/machines");
        assertTrue(machines.contains("http://127.0.0.1:" + client), machines);
        assertTrue(Files.isDirectory(dataDir), "the file's data_dir is used");
        String text = Files.readString(log);
        assertTrue(text.contains("[deprecated] use -snapshot-count, not -snapshotCount\n"), text);
        assertTrue(
                text.contains(conf + " line 4 key \"max_result_buffer\" has no effect in etcdj: "),
                () -> "no warning for max_result_buffer:\n" + text);
    }

    /** seeds/000's 20-cloudinit.conf: ETCD_ADDR, ETCD_NAME and ETCD_PEER_ADDR, no flags, no data dir. */
    @Test
    void aMemberConfiguredOnlyByTheCloudConfigStubsEnvironment() throws Exception {
        int client = EtcdProcess.freePort();
        int peer = EtcdProcess.freePort();
        Path log = tmp.resolve("env.log");
        String name = "921a7241c31a499a97d43f785108b17c";
        Process p = launch(
                tmp,
                tmp.resolve("no-system-file"),
                Map.of(
                        "ETCD_ADDR", "127.0.0.1:" + client,
                        "ETCD_NAME", name,
                        "ETCD_PEER_ADDR", "127.0.0.1:" + peer),
                log);
        awaitVersion(p, client, log);
        JsonNode self = JSON.readTree(curl("http://127.0.0.1:" + client + "/v2/stats/self"));
        assertEquals(name, self.path("name").asText(), self::toString);
        assertTrue(Files.isDirectory(tmp.resolve(name + ".etcd")), "the data dir defaults to <name>.etcd");
        String leader = curl("http://127.0.0.1:" + client + "/v2/leader");
        assertTrue(leader.contains("127.0.0.1:" + peer), leader);
    }

    @Test
    void aBadFileStopsStartUpNamingFileLineAndKey() throws Exception {
        Path conf = tmp.resolve("bad.conf");
        Files.writeString(conf, "name = \"a\"\n\n[peer]\naddr = \"127.0.0.1:7001\"\n\n\nadr = \"x\"\n");
        Path log = tmp.resolve("bad.log");
        Process p = launch(tmp, tmp.resolve("no-system-file"), Map.of(), log, "-config", conf.toString());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            fail("etcd with a bad -config file did not exit within 30 s\n" + EtcdProcess.tailOf(log, 40));
        }
        assertEquals(2, p.exitValue());
        String text = Files.readString(log);
        assertTrue(text.contains(conf + " line 7: unknown key \"peer.adr\""), text);
        assertFalse(Files.exists(tmp.resolve("a.etcd")), "nothing is created before the settings are valid");
    }
}
