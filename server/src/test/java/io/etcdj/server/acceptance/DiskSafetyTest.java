package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.etcdj.certs.CertsGenMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real process and its data dir on disk: a WAL cut back behind what was acknowledged stops start-up (naming
 * the file and the way out) instead of serving a store with writes missing; the data dir is its owner's only; a
 * TLS key other users can read is warned about.
 */
@ExtendWith(LogTailOnFailure.class)
class DiskSafetyTest {
    @TempDir
    Path tmp;

    private final List<EtcdProcess> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(EtcdProcess::close);
    }

    private EtcdProcess start(Path dataDir, int client, int peer, String log, String... extra) throws Exception {
        EtcdProcess p = EtcdProcess.start(dataDir, client, peer, tmp.resolve(log), extra);
        started.add(p);
        return p;
    }

    private static void put(EtcdProcess etcd, String key, String value) throws Exception {
        HttpResponse<String> r = EtcdProcess.HTTP.send(
                HttpRequest.newBuilder(etcd.url("/v2/keys" + key))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .PUT(HttpRequest.BodyPublishers.ofString("value=" + value))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
    }

    private static List<Path> walSegments(Path dataDir) throws Exception {
        try (Stream<Path> s = Files.list(dataDir.resolve("wal"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".wal"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aWalCutBackToItsHeaderStopsStartUpNamingTheFileAndTheWayOut() throws Exception {
        Path dataDir = tmp.resolve("machine0");
        int client = EtcdProcess.freePort();
        int peer = EtcdProcess.freePort();
        EtcdProcess etcd = start(dataDir, client, peer, "first.log", "-snapshot-count", "25");
        for (int i = 1; i <= 60; i++) {
            put(etcd, "/cut/k" + i, "v" + i);
        }
        etcd.stop(); // SIGTERM: a clean stop (exit code 143)
        assertTrue(Files.readString(etcd.logFile).contains("saved snapshot"), "no snapshot was taken");
        List<Path> segments = walSegments(dataDir);
        assertEquals(1, segments.size(), segments.toString());
        Path segment = segments.get(0);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(32); // the segment header only
        }

        EtcdProcess.Exit exit =
                EtcdProcess.runToExit(EtcdProcess.nodeArgs(dataDir, client, peer, "-snapshot-count", "25"), tmp);
        assertNotEquals(0, exit.code(), exit.both());
        String out = exit.stdout() + exit.stderr();
        assertTrue(
                out.contains("cannot start") && out.contains(segment.toString()) && out.contains("offset 32"),
                exit.both());
        assertTrue(out.contains("backup") && out.contains("empty -data-dir") && out.contains("-f"), exit.both());
        assertEquals(32, Files.size(segment), "the refused log is left as found");
    }

    @Test
    void theDataDirAndEveryFileInItAreOwnerOnlyAndALooserDataDirIsTightened() throws Exception {
        Path dataDir = tmp.resolve("machine0");
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int client = EtcdProcess.freePort();
        int peer = EtcdProcess.freePort();
        EtcdProcess etcd = start(dataDir, client, peer, "perm.log", "-snapshot-count", "10");
        for (int i = 1; i <= 30; i++) {
            put(etcd, "/perm/k" + i, "secret-" + i);
        }
        assertOwnerOnly(dataDir, true);
        etcd.stop(); // SIGTERM: a clean stop (exit code 143)
        assertOwnerOnly(dataDir, false);
        String log = Files.readString(etcd.logFile);
        assertTrue(
                log.contains(dataDir + " was mode 0755; set it to 0700"),
                "no log line about the tightened" + " data dir:\n" + EtcdProcess.tailOf(etcd.logFile, 40));
    }

    /** Every directory 0700 and every file 0600, snapshots and WAL segments among them. */
    private static void assertOwnerOnly(Path dataDir, boolean running) throws Exception {
        List<String> wrong = new ArrayList<>();
        int snapshots = 0;
        int segments = 0;
        try (Stream<Path> all = Files.walk(dataDir)) {
            for (Path p : all.toList()) {
                String mode;
                try {
                    mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                } catch (NoSuchFileException gone) {
                    continue; // a spare segment taken or a temp file renamed while we walked
                }
                String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
                if (!mode.equals(expected)) {
                    wrong.add(dataDir.relativize(p) + " " + mode);
                }
                snapshots += p.toString().endsWith(".snap") ? 1 : 0;
                segments += p.toString().endsWith(".wal") ? 1 : 0;
            }
        }
        assertTrue(wrong.isEmpty(), (running ? "while running: " : "after stopping: ") + wrong);
        assertTrue(snapshots > 0 && segments > 0, "expected snapshots and WAL segments in " + dataDir);
    }

    @Test
    void aKeyFileReadableByOthersGivesAWarningNamingItAndTheFix() throws Exception {
        Path ca = tmp.resolve("ca");
        ByteArrayOutputStream certsOut = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(certsOut, true, StandardCharsets.UTF_8);
        assertEquals(
                0,
                CertsGenMain.run(new String[] {"demo", ca.toString()}, print, print),
                certsOut.toString(StandardCharsets.UTF_8));
        Path key = ca.resolve("server.key.insecure");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        int client = EtcdProcess.freePort();
        int peer = EtcdProcess.freePort();
        Path log = tmp.resolve("tls.log");
        EtcdProcess etcd = EtcdProcess.launch(
                EtcdProcess.nodeArgs(
                        tmp.resolve("machine0"),
                        client,
                        peer,
                        "-cert-file",
                        ca.resolve("server.crt").toString(),
                        "-key-file",
                        key.toString()),
                tmp.resolve("machine0"),
                client,
                peer,
                log);
        started.add(etcd);
        String text = awaitLogLine(etcd, "listening for client requests");
        String warning = text.lines()
                .filter(l -> l.contains("WARN") && l.contains(key.toString()))
                .findFirst()
                .orElse(null);
        assertTrue(
                warning != null && warning.contains("chmod 600 " + key) && warning.contains("0644"),
                "no WARN naming " + key + " and the chmod 600 fix:\n" + EtcdProcess.tailOf(log, 40));
        assertFalse(text.contains("cannot start"), text);
    }

    /** The log once it holds the line (bounded: 30 s, or the process exiting first). */
    private static String awaitLogLine(EtcdProcess etcd, String line) throws Exception {
        for (int i = 0; i < 300; i++) {
            String text = Files.readString(etcd.logFile);
            if (text.contains(line)) {
                return text;
            }
            if (!etcd.isAlive()) {
                fail("etcd exited before logging '" + line + "':\n" + EtcdProcess.tailOf(etcd.logFile, 40));
            }
            Thread.sleep(100);
        }
        fail("etcd did not log '" + line + "' within 30 s:\n" + EtcdProcess.tailOf(etcd.logFile, 40));
        return null;
    }
}
