package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.certs.CertsGenMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real members with mutual TLS between peers (certificates from this project's certs-gen), the real curl:
 * writes replicate over TLS, the peer port's admin API needs a client certificate, and a member whose certificate
 * comes from another CA cannot join.
 */
@ExtendWith(LogTailOnFailure.class)
class ClusterPeerTlsTest {
    @TempDir
    Path tmp;

    private final List<EtcdProcess> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(EtcdProcess::close);
    }

    @Test
    void membersTalkMutualTlsAndAForeignCertificateCannotJoin() throws Exception {
        Path certs = tmp.resolve("certs");
        certsGen("ca", "--name", "peer-ca", "--out", certs.toString());
        for (String n : List.of("machine1", "machine2", "machine3")) {
            certsGen(
                    "peer",
                    "--name",
                    n,
                    "--ip",
                    "127.0.0.1",
                    "--ca",
                    certs.resolve("peer-ca.crt").toString(),
                    "--ca-key",
                    certs.resolve("peer-ca.key").toString(),
                    "--out",
                    certs.toString());
        }
        Path foreign = tmp.resolve("foreign");
        certsGen("ca", "--name", "other-ca", "--out", foreign.toString());
        certsGen(
                "peer",
                "--name",
                "machine4",
                "--ip",
                "127.0.0.1",
                "--ca",
                foreign.resolve("other-ca.crt").toString(),
                "--ca-key",
                foreign.resolve("other-ca.key").toString(),
                "--out",
                foreign.toString());

        int[] client = {EtcdProcess.freePort(), EtcdProcess.freePort(), EtcdProcess.freePort()};
        int[] peer = {EtcdProcess.freePort(), EtcdProcess.freePort(), EtcdProcess.freePort()};
        EtcdProcess first = member(1, client[0], peer[0], certs, "machine1", certs.resolve("peer-ca.crt"));
        member(
                2,
                client[1],
                peer[1],
                certs,
                "machine2",
                certs.resolve("peer-ca.crt"),
                "-peers",
                "127.0.0.1:" + peer[0]);
        member(
                3,
                client[2],
                peer[2],
                certs,
                "machine3",
                certs.resolve("peer-ca.crt"),
                "-peers",
                "127.0.0.1:" + peer[0]);

        String machines = curl("-s", "http://127.0.0.1:" + client[0] + "/v2/machines").stdout;
        for (int c : client) {
            assertTrue(machines.contains("http://127.0.0.1:" + c), machines);
        }
        // A write sent to a follower is redirected to the leader (curl -L) and replicated to all over TLS.
        Curl put = curl("-s", "-L", "http://127.0.0.1:" + client[2] + "/v2/keys/secret", "-XPUT", "-d", "value=tls");
        assertTrue(put.stdout.contains("\"value\":\"tls\""), put.stdout + put.stderr);
        for (int c : client) {
            await(
                    () -> curl("-s", "http://127.0.0.1:" + c + "/v2/keys/secret")
                            .stdout
                            .contains("\"tls\""),
                    "member on " + c + " has the write");
        }
        Curl leader = curl("-s", "http://127.0.0.1:" + client[1] + "/v2/leader");
        assertTrue(leader.stdout.startsWith("https://127.0.0.1:"), "peer URLs are https: " + leader.stdout);

        // The admin API on the peer port follows the peer TLS settings: a client certificate is required.
        String admin = "https://127.0.0.1:" + peer[0] + "/v2/admin/machines";
        Curl withCert = curl(
                "-s",
                "--cacert",
                certs.resolve("peer-ca.crt").toString(),
                "--cert",
                certs.resolve("machine1.crt").toString(),
                "--key",
                certs.resolve("machine1.key").toString(),
                admin);
        assertEquals(0, withCert.code, withCert.stderr);
        assertTrue(withCert.stdout.contains("\"peerURL\":\"https://127.0.0.1:" + peer[1] + "\""), withCert.stdout);
        Curl noCert =
                curl("-s", "-m", "5", "--cacert", certs.resolve("peer-ca.crt").toString(), admin);
        assertNotEquals(0, noCert.code, "no client certificate, no answer: " + noCert.stdout);
        Curl plain = curl("-s", "-m", "5", "http://127.0.0.1:" + peer[0] + "/v2/admin/machines");
        assertTrue(plain.code != 0 || !plain.stdout.contains("peerURL"), "plain HTTP gets nothing: " + plain.stdout);

        // A member with a certificate from another CA is refused at the handshake and never joins.
        int client4 = EtcdProcess.freePort();
        int peer4 = EtcdProcess.freePort();
        Path log4 = tmp.resolve("machine4.log");
        Process intruder = new ProcessBuilder(EtcdProcess.javaCommand(List.of(
                        "-data-dir",
                        tmp.resolve("m4").toString(),
                        "-name",
                        "machine4",
                        "-addr",
                        "127.0.0.1:" + client4,
                        "-peer-addr",
                        "127.0.0.1:" + peer4,
                        "-peers",
                        "127.0.0.1:" + peer[0],
                        "-peer-cert-file",
                        foreign.resolve("machine4.crt").toString(),
                        "-peer-key-file",
                        foreign.resolve("machine4.key").toString(),
                        "-peer-ca-file",
                        foreign.resolve("other-ca.crt").toString())))
                .redirectErrorStream(true)
                .redirectOutput(log4.toFile())
                .start();
        try {
            await(
                    () -> read(log4).contains("joining through https://127.0.0.1:" + peer[0] + " failed"),
                    "the intruder's join is refused");
            String membersAfter = curl("-s", "http://127.0.0.1:" + client[0] + "/v2/machines").stdout;
            assertTrue(!membersAfter.contains(":" + client4), "not a member: " + membersAfter);
            assertEquals(3, membersAfter.split(", ").length, membersAfter);
        } finally {
            intruder.destroyForcibly();
            intruder.waitFor(20, TimeUnit.SECONDS);
        }
        assertTrue(first.isAlive());
    }

    private EtcdProcess member(int n, int clientPort, int peerPort, Path certs, String name, Path ca, String... extra)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "-name",
                name,
                "-peer-cert-file",
                certs.resolve(name + ".crt").toString(),
                "-peer-key-file",
                certs.resolve(name + ".key").toString(),
                "-peer-ca-file",
                ca.toString()));
        args.addAll(List.of(extra));
        EtcdProcess p = EtcdProcess.start(
                tmp.resolve("m" + n), clientPort, peerPort, tmp.resolve(name + ".log"), args.toArray(String[]::new));
        started.add(p);
        return p;
    }

    private static void certsGen(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(0, CertsGenMain.run(args, print, print), out.toString(StandardCharsets.UTF_8));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private record Curl(int code, String stdout, String stderr) {}

    private static Curl curl(String... args) {
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add("curl");
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new Curl(
                    p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls an observable condition, bounded at 30 s. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(50);
        }
    }
}
