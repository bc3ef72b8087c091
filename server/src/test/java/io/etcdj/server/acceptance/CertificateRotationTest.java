package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.certs.CertsGenMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate replaced on disk while the node runs is served to new connections within seconds, without a restart
 * and without failing requests (etcd 0.4 needed a restart).
 */
@ExtendWith(LogTailOnFailure.class)
class CertificateRotationTest {
    @TempDir
    Path tmp;

    private EtcdProcess node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aRotatedServerCertificateIsPickedUpByNewConnections() throws Exception {
        Path ca = tmp.resolve("ca");
        certsGen("ca", "--name", "rotation-ca", "--out", ca.toString());
        for (String name : List.of("before", "after")) {
            certsGen(
                    "server",
                    "--name",
                    name,
                    "--ip",
                    "127.0.0.1",
                    "--ca",
                    ca.resolve("rotation-ca.crt").toString(),
                    "--ca-key",
                    ca.resolve("rotation-ca.key").toString(),
                    "--out",
                    ca.toString());
        }
        Path live = tmp.resolve("live");
        Files.createDirectories(live);
        install(ca, "before", live);
        int client = EtcdProcess.freePort();
        int peer = EtcdProcess.freePort();
        node = EtcdProcess.startTls(
                tmp.resolve("data"),
                client,
                peer,
                tmp.resolve("node.log"),
                "-cert-file",
                live.resolve("server.crt").toString(),
                "-key-file",
                live.resolve("server.key").toString());
        String url = "https://127.0.0.1:" + client + "/v2/keys/rotating";
        String cacert = ca.resolve("rotation-ca.crt").toString();

        Curl first = curl("-sv", "--cacert", cacert, url, "-XPUT", "-d", "value=1");
        assertEquals(0, first.code, first.stderr);
        assertTrue(first.stderr.contains("CN=before"), first.stderr);

        install(ca, "after", live);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int writes = 1;
        Curl latest;
        do {
            // Requests keep succeeding throughout the rotation.
            latest = curl("-sv", "--cacert", cacert, url, "-XPUT", "-d", "value=" + (++writes));
            assertEquals(0, latest.code, latest.stderr);
            assertTrue(latest.stdout.contains("\"value\":\"" + writes + "\""), latest.stdout);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the new certificate was not served within 30 s:\n" + latest.stderr);
            }
            Thread.sleep(200);
        } while (!latest.stderr.contains("CN=after"));
        assertTrue(node.isAlive());
    }

    /** Key first, then certificate, each by an atomic rename: the node never reads half a file. */
    private static void install(Path from, String name, Path live) throws Exception {
        for (String[] f : new String[][] {{name + ".key", "server.key"}, {name + ".crt", "server.crt"}}) {
            Path tmpFile = live.resolve(f[1] + ".tmp");
            Files.copy(from.resolve(f[0]), tmpFile, StandardCopyOption.REPLACE_EXISTING);
            Files.move(
                    tmpFile, live.resolve(f[1]), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void certsGen(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(0, CertsGenMain.run(args, print, print), out.toString(StandardCharsets.UTF_8));
    }

    private record Curl(int code, String stdout, String stderr) {}

    private static Curl curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("curl");
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("curl", ".out");
        Path err = Files.createTempFile("curl", ".err");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("curl did not finish in 30 s: " + cmd);
            }
            return new Curl(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
