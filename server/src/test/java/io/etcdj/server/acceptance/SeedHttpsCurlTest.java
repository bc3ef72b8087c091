package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcdj.certs.CertsGenMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README seed's "Transport security with HTTPS", "Authentication with HTTPS client certificates" and "Using
 * HTTPS between servers" sections,
 * run with the real {@code curl} against a real node, with the seed's file names made by {@code certs-gen demo}
 * (relative paths, as in the seed: the node and curl run in the directory holding {@code fixtures/ca}).
 */
class SeedHttpsCurlTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Process node;
    private int clientPort;
    private int peerPort;

    @BeforeEach
    void makeTheSeedsCertificates() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CertsGenMain.run(
                new String[] {"demo", dir.resolve("fixtures/ca").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        clientPort = EtcdProcess.freePort();
        peerPort = EtcdProcess.freePort();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (node != null) {
            node.destroyForcibly();
            node.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void httpsWithTheServerCertificate() throws Exception {
        start("-cert-file=./fixtures/ca/server.crt", "-key-file=./fixtures/ca/server.key.insecure");

        Curl put = curl(
                "--cacert", "./fixtures/ca/server-chain.pem", url("/v2/keys/foo"), "-XPUT", "-d", "value=bar", "-v");
        assertEquals(0, put.code, put.stderr);
        assertTrue(put.stderr.contains("TLS handshake, Finished"), put.stderr);
        JsonNode set = JSON.readTree(put.stdout);
        assertEquals("set", set.path("action").asText());
        assertEquals("/foo", set.path("node").path("key").asText());
        assertEquals("bar", set.path("node").path("value").asText());

        // The port speaks HTTPS only, and advertises https:// URLs.
        Curl plain = curl("-sS", "--max-time", "5", "http://127.0.0.1:" + clientPort + "/version");
        assertNotEquals("etcd 0.4.6", plain.stdout, "plain HTTP must not be served on an HTTPS port");
        Curl machines = curl("-sS", "--cacert", "./fixtures/ca/server-chain.pem", url("/v2/machines"));
        assertEquals("https://127.0.0.1:" + clientPort, machines.stdout);
    }

    @Test
    void clientCertificatesAreRequiredWithACaFile() throws Exception {
        start(
                "-ca-file=./fixtures/ca/ca.crt",
                "-cert-file=./fixtures/ca/server.crt",
                "-key-file=./fixtures/ca/server.key.insecure");

        Curl refused = curl(
                "--cacert", "./fixtures/ca/server-chain.pem", url("/v2/keys/foo"), "-XPUT", "-d", "value=bar", "-v");
        assertNotEquals(0, refused.code, "a client without a certificate must be refused:\n" + refused.stderr);
        assertTrue(refused.stderr.contains("alert"), refused.stderr);
        assertTrue(refused.stdout.isEmpty(), refused.stdout);

        Curl accepted = curl(
                "--key",
                "./fixtures/ca/server2.key.insecure",
                "--cert",
                "./fixtures/ca/server2.crt",
                "--cacert",
                "./fixtures/ca/server-chain.pem",
                "-L",
                url("/v2/keys/foo"),
                "-XPUT",
                "-d",
                "value=bar",
                "-v");
        assertEquals(0, accepted.code, accepted.stderr);
        assertTrue(accepted.stderr.contains("CERT verify"), accepted.stderr);
        assertEquals("set", JSON.readTree(accepted.stdout).path("action").asText());

        // A certificate from another CA is refused too.
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(sink, true, StandardCharsets.UTF_8);
        assertEquals(
                0, CertsGenMain.run(new String[] {"demo", dir.resolve("other").toString()}, print, print));
        Curl foreign = curl(
                "--key",
                "./other/server2.key.insecure",
                "--cert",
                "./other/server2.crt",
                "--cacert",
                "./fixtures/ca/server-chain.pem",
                url("/v2/keys/foo"),
                "-XPUT",
                "-d",
                "value=bar",
                "-v");
        assertNotEquals(0, foreign.code, foreign.stderr);
    }

    /**
     * "Using HTTPS between servers: just change the -*-file flags to -peer-*-file": three members with the previous
     * example's files as peer flags; writes replicate over mutual TLS between them.
     */
    @Test
    void httpsBetweenServersWithThePeerFlags() throws Exception {
        String[] peerTls = {
            "-peer-ca-file=./fixtures/ca/ca.crt",
            "-peer-cert-file=./fixtures/ca/server.crt",
            "-peer-key-file=./fixtures/ca/server.key.insecure"
        };
        start(peerTls);
        List<Process> joined = new ArrayList<>();
        List<Integer> clients = new ArrayList<>(List.of(clientPort));
        try {
            for (String name : List.of("machine1", "machine2")) {
                int client = EtcdProcess.freePort();
                int peer = EtcdProcess.freePort();
                List<String> args = new ArrayList<>(List.of(
                        "-name",
                        name,
                        "-data-dir",
                        name,
                        "-addr",
                        "127.0.0.1:" + client,
                        "-peer-addr",
                        "127.0.0.1:" + peer,
                        "-peers",
                        "127.0.0.1:" + peerPort));
                args.addAll(List.of(peerTls));
                Path log = dir.resolve(name + ".log");
                joined.add(new ProcessBuilder(EtcdProcess.javaCommand(args))
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start());
                awaitLog(joined.get(joined.size() - 1), log, "listening for client requests");
                clients.add(client);
            }
            Curl put = curl(
                    "-sS", "-L", "http://127.0.0.1:" + clients.get(2) + "/v2/keys/foo", "-XPUT", "-d", "value=bar");
            assertEquals(
                    "bar", JSON.readTree(put.stdout).path("node").path("value").asText(), put.stderr);
            for (int client : clients) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                String got;
                do {
                    got = curl("-sS", "http://127.0.0.1:" + client + "/v2/keys/foo").stdout;
                    if (System.nanoTime() > deadline) {
                        fail("member on " + client + " never got the write: " + got);
                    }
                } while (!got.contains("\"value\":\"bar\""));
            }
            Curl leader = curl("-sS", "http://127.0.0.1:" + clientPort + "/v2/leader");
            assertTrue(leader.stdout.startsWith("https://127.0.0.1:"), leader.stdout);
        } finally {
            for (Process p : joined) {
                p.destroyForcibly();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitLog(Process p, Path log, String line) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (!p.isAlive()) {
                fail("member exited early:\n" + Files.readString(log));
            }
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(100);
        }
        fail("no '" + line + "' within 30 s:\n" + Files.readString(log));
    }

    @Test
    void aMissingOrMismatchedCertificateStopsStartUpNamingTheFile() throws Exception {
        EtcdProcess.Exit missing = EtcdProcess.runToExit(
                EtcdProcess.nodeArgs(
                        dir.resolve("m1"),
                        clientPort,
                        peerPort,
                        "-cert-file",
                        dir.resolve("nope.crt").toString(),
                        "-key-file",
                        dir.resolve("fixtures/ca/server.key.insecure").toString()),
                dir);
        assertNotEquals(0, missing.code(), missing.both());
        assertTrue(missing.both().contains("nope.crt"), missing.both());

        EtcdProcess.Exit mismatched = EtcdProcess.runToExit(
                EtcdProcess.nodeArgs(
                        dir.resolve("m2"),
                        clientPort,
                        peerPort,
                        "-cert-file",
                        dir.resolve("fixtures/ca/server.crt").toString(),
                        "-key-file",
                        dir.resolve("fixtures/ca/server2.key.insecure").toString()),
                dir);
        assertNotEquals(0, mismatched.code(), mismatched.both());
        assertTrue(
                mismatched.both().contains("server2.key.insecure")
                        && mismatched.both().contains("does not match"),
                mismatched.both());
    }

    private String url(String path) {
        return "https://127.0.0.1:" + clientPort + path;
    }

    /** Starts the node in {@code dir} (so the seed's relative paths work). */
    private void start(String... tlsFlags) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "-f",
                "-name",
                "machine0",
                "-data-dir",
                "machine0",
                "-addr",
                "127.0.0.1:" + clientPort,
                "-peer-addr",
                "127.0.0.1:" + peerPort));
        args.addAll(List.of(tlsFlags));
        Path log = dir.resolve("node.log");
        node = new ProcessBuilder(EtcdProcess.javaCommand(args))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // Ready when the node logs that its client port listens (the peer port opens earlier, before the log).
        for (int i = 0; i < 150; i++) {
            if (!node.isAlive()) {
                fail("node exited early:\n" + Files.readString(log));
            }
            if (Files.exists(log) && Files.readString(log).contains("listening for client requests")) {
                return;
            }
            Thread.sleep(100);
        }
        fail("node not ready within 15 s:\n" + Files.readString(log));
    }

    private record Curl(int code, String stdout, String stderr) {}

    private Curl curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("curl");
        cmd.add("--max-time");
        cmd.add("20");
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "curl", ".out");
        Path err = Files.createTempFile(dir, "curl", ".err");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("curl did not finish within 30 s: " + cmd);
        }
        return new Curl(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
