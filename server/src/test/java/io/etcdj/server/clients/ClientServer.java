package io.etcdj.server.clients;

import static org.junit.jupiter.api.Assertions.fail;

import io.etcdj.server.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real etcdj node for the third-party client tests, started the way
 * {@code io.etcdj.server.acceptance.EtcdProcess} starts it (that class is package-private there):
 * {@code java -cp <test classpath> io.etcdj.server.Main} on free loopback ports, ready once {@code /version}
 * answers 200 (bounded: 15 s). Closing it kills it and waits for it to be gone.
 */
final class ClientServer implements AutoCloseable {
    final int clientPort;
    final Path logFile;
    private final Process process;

    private ClientServer(int clientPort, Path logFile, Process process) {
        this.clientPort = clientPort;
        this.logFile = logFile;
        this.process = process;
    }

    static ClientServer start(Path dir) throws Exception {
        int clientPort = freePort();
        int peerPort = freePort();
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        Path log = dir.resolve("etcd.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(
                // A machine's own /etc/etcd/etcd.conf must not reach a test's member.
                "-Detcdj.systemConfigFile=/nonexistent/etcdj-test/etcd.conf",
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.etcdj.server.Main",
                "-data-dir",
                dataDir.toString(),
                "-name",
                "machine0",
                "-addr",
                "127.0.0.1:" + clientPort,
                "-peer-addr",
                "127.0.0.1:" + peerPort));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ClientServer s = new ClientServer(clientPort, log, p);
        try {
            s.awaitReady(cmd);
        } catch (Throwable t) {
            s.close();
            throw t;
        }
        return s;
    }

    private void awaitReady(List<String> cmd) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("etcd exited with code " + process.exitValue() + " before answering /version\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(base() + "/version"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100); // polling interval for start-up only, not synchronisation between test steps
        }
        fail("etcd did not answer /version within 15 s: " + cmd + "\n" + tail());
    }

    String base() {
        return "http://127.0.0.1:" + clientPort;
    }

    String tail() {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    static int freePort() throws IOException {
        return FreePorts.next();
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
