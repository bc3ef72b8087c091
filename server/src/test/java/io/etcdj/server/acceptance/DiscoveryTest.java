package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcdj.server.acceptance.EtcdCluster.Member;
import io.etcdj.server.acceptance.EtcdCluster.Resp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial's "Etcd Cluster Discovery Model" with real processes and real curl: an etcdj member is the backend
 * of {@code bin/discovery} (its Main class run as a process); {@code curl <service>/new} hands out a token; three
 * members started at once with nothing but {@code -name -addr -peer-addr -data-dir -discovery <token URL>} form one
 * cluster; the token URL shows their registrations as the tutorial does; a member restarted on its data dir comes
 * back without the service; and a member started on the token after the whole cluster is gone stops with 0.4.6's
 * error.
 */
@ExtendWith(LogTailOnFailure.class)
class DiscoveryTest {
    private static final int READY_SECONDS = 90;
    private static final String NO_PEERS =
            "Discovery found an initialized cluster but no reachable peers are registered.";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private EtcdCluster cluster;
    private Process service;
    private Path serviceLog;

    @AfterEach
    void stopAll() throws InterruptedException {
        stopService();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void threeMembersBootstrapFromATokenAndAReusedTokenIsRefused() throws Exception {
        cluster = new EtcdCluster(tmp);
        Member backend = cluster.member("backend");
        backend.start(null);
        int servicePort = EtcdProcess.freePort();
        String service = "http://127.0.0.1:" + servicePort;
        startService(servicePort, backend.clientUrl());

        // curl <service>/new -> a token URL; the browser view of a fresh token is an empty directory
        Resp created = cluster.curl(service + "/new");
        assertEquals(200, created.status(), created.toString());
        String tokenUrl = created.body().strip();
        assertTrue(tokenUrl.matches("http://127\\.0\\.0\\.1:" + servicePort + "/[0-9a-f]{32}"), tokenUrl);
        String token = tokenUrl.substring(tokenUrl.lastIndexOf('/') + 1);
        // The token is a capability (whoever has it can join or spoil the cluster): logs show its first 8 characters.
        String loggedUrl = tokenUrl.substring(0, tokenUrl.lastIndexOf('/') + 1) + token.substring(0, 8) + "...";
        assertNotEquals(token, cluster.curl(service + "/new").body().strip().replaceAll(".*/", ""), "tokens repeat");
        Resp fresh = cluster.curl(tokenUrl);
        assertEquals(200, fresh.status(), fresh.toString());
        JsonNode freshNode = fresh.json().path("node");
        assertEquals("get", fresh.json().path("action").asText(), fresh.toString());
        assertEquals("/_etcd/registry/" + token, freshNode.path("key").asText(), fresh.toString());
        assertTrue(freshNode.path("dir").asBoolean(), fresh.toString());
        assertTrue(freshNode.path("nodes").isMissingNode(), "a fresh token lists no member: " + fresh);

        // three members started at once with the tutorial's flags and nothing else
        List<Member> three = new ArrayList<>();
        for (String name : List.of("machine1", "machine2", "machine3")) {
            Member m = cluster.member(name);
            three.add(m);
            m.launch(null, "-discovery", tokenUrl);
        }
        for (Member m : three) {
            m.process.awaitReady(READY_SECONDS);
        }
        int formed = 0;
        for (Member m : three) {
            String log = m.log();
            assertTrue(log.contains("discovery: registered " + m.name + " at " + loggedUrl), m + " log:\n" + log);
            assertFalse(log.contains(token), m + " logged the whole discovery token:\n" + log);
            if (log.contains("discovery: first member, forming a new cluster")) {
                formed++;
            } else {
                assertTrue(log.contains("discovery: joining through "), m + " log:\n" + log);
            }
        }
        assertEquals(1, formed, "exactly one member forms the cluster");

        // all three are members: /v2/admin/machines on any peer port lists them
        Resp machines = cluster.curl("-L", three.get(1).peerUrl() + "/v2/admin/machines");
        assertEquals(200, machines.status(), machines.toString());
        Map<String, String> peerUrls = new TreeMap<>();
        for (JsonNode m : machines.json()) {
            peerUrls.put(m.path("name").asText(), m.path("peerURL").asText());
        }
        Map<String, String> expected = new TreeMap<>();
        for (Member m : three) {
            expected.put(m.name, m.peerUrl());
        }
        assertEquals(expected, peerUrls, machines.toString());

        // a write on one is read on another
        EtcdCluster.set(three.get(0), "/discovered/message", "hello", 20);
        EtcdCluster.awaitLocalValue(three.get(2), "/discovered/message", "hello", 20);

        // curl <token URL>: the three registrations, as in the tutorial
        Resp registry = cluster.curl(tokenUrl);
        assertEquals(200, registry.status(), registry.toString());
        assertTrue(registry.header("X-Etcd-Index") != null, "X-Etcd-Index passed back: " + registry.headers());
        JsonNode node = registry.json().path("node");
        assertEquals("/_etcd/registry/" + token, node.path("key").asText(), registry.toString());
        Map<String, String> registered = new TreeMap<>();
        for (JsonNode child : node.path("nodes")) {
            registered.put(child.path("key").asText(), child.path("value").asText());
            long ttl = child.path("ttl").asLong();
            assertTrue(ttl > 604_000 && ttl <= 604_800, "a week's TTL: " + child);
            assertTrue(child.path("expiration").isTextual(), child.toString());
        }
        Map<String, String> expectedRegistry = new TreeMap<>();
        for (Member m : three) {
            expectedRegistry.put("/_etcd/registry/" + token + "/" + m.name, m.peerUrl());
        }
        assertEquals(expectedRegistry, registered, registry.toString());

        // a member restarted on its data dir rejoins from its log: the discovery service is not even running
        Member m1 = three.get(0);
        m1.process.kill();
        stopService();
        EtcdCluster.set(three.get(1), "/discovered/while-down", "caught up", 30);
        m1.start(null, "-discovery", tokenUrl);
        String restartLog = m1.log();
        assertTrue(restartLog.contains("-discovery " + loggedUrl + " not used"), restartLog);
        assertFalse(restartLog.contains("discovery: registered"), restartLog);
        EtcdCluster.awaitLocalValue(m1, "/discovered/while-down", "caught up", 30);

        // the whole cluster gone, a new member on the same token: 0.4.6's error and a non-zero exit
        startService(servicePort, backend.clientUrl());
        for (Member m : three) {
            m.process.kill();
        }
        Member late = cluster.member("machine4");
        late.launch(null, "-discovery", tokenUrl);
        int code = late.process.awaitExit(90);
        assertNotEquals(0, code, "exit code");
        String lateLog = late.log();
        assertTrue(lateLog.contains(NO_PEERS), lateLog);
        assertTrue(lateLog.contains("discovery: registered machine4 at " + loggedUrl), lateLog);
        assertFalse(lateLog.contains("forming a new cluster"), lateLog);
    }

    /** {@code java -cp <test class path> io.etcdj.server.discovery.DiscoveryServiceMain}, as bin/discovery runs it. */
    private void startService(int port, String backendUrl) throws Exception {
        serviceLog = Files.createTempFile(tmp, "discovery-service", ".log");
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.etcdj.server.discovery.DiscoveryServiceMain",
                "-addr",
                "127.0.0.1:" + port,
                "-backend",
                backendUrl);
        service = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(serviceLog.toFile())
                .start();
        for (int i = 0; i < 600; i++) {
            if (!service.isAlive()) {
                fail("the discovery service exited with " + service.exitValue() + "\n" + Files.readString(serviceLog));
            }
            if (Files.readString(serviceLog).contains("discovery service listening on")) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the discovery service did not start within 60 s\n" + Files.readString(serviceLog));
    }

    private void stopService() throws InterruptedException {
        if (service == null) {
            return;
        }
        service.destroy();
        if (!service.waitFor(20, TimeUnit.SECONDS)) {
            service.destroyForcibly();
            service.waitFor(20, TimeUnit.SECONDS);
        }
        try {
            EtcdProcess.TAILS.add("---- discovery service ----\n" + EtcdProcess.tailOf(serviceLog, 40));
        } catch (RuntimeException e) {
            // the tail is a courtesy
        }
        service = null;
    }
}
