package io.etcdj.etcdctl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real etcdj server as a separate process (the server module is on the test class path), started on
 * free ports and polled on /version with a bounded loop until it answers.
 */
final class ServerProcess implements AutoCloseable {
    private static final Set<Integer> HANDED_OUT_PORTS = new HashSet<>();
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    final int clientPort;
    final int peerPort;
    final Path dataDir;
    private final Process process;

    ServerProcess() throws IOException, InterruptedException {
        this("machine0", null);
    }

    /** A member named {@code name}; with {@code peers} (host:port) it joins that cluster, as the seed's -peers. */
    ServerProcess(String name, String peers) throws IOException, InterruptedException {
        this(name, peers, null, List.of());
    }

    /**
     * A member named {@code name} on {@code memberDataDir} (null: a new one under {@link #dataDir}) with extra flags;
     * {@link #close} deletes only {@link #dataDir} (its log), never a given memberDataDir.
     */
    ServerProcess(String name, String peers, Path memberDataDir, List<String> extraFlags)
            throws IOException, InterruptedException {
        clientPort = freePort();
        peerPort = freePort();
        dataDir = Files.createTempDirectory("etcdctl-test");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(
                java.toString(),
                // A machine's own /etc/etcd/etcd.conf must not reach a test's member.
                "-Detcdj.systemConfigFile=/nonexistent/etcdj-test/etcd.conf",
                "-Xss512k",
                "-Xmx256m",
                "-cp",
                cp,
                "io.etcdj.server.Main",
                "-data-dir",
                (memberDataDir == null ? dataDir.resolve("data") : memberDataDir).toString(),
                "-name",
                name,
                "-addr",
                "127.0.0.1:" + clientPort,
                "-peer-addr",
                "127.0.0.1:" + peerPort,
                // These tests check etcdctl's output, not elections: a busy CI machine stalls a member past the
                // default 200 ms election timeout now and then, and the write in flight then answers 301.
                "-peer-heartbeat-interval",
                "100",
                "-peer-election-timeout",
                "1000"));
        if (peers != null) {
            cmd.addAll(List.of("-peers", peers));
        }
        cmd.addAll(extraFlags);
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("server.log").toFile())
                .start();
        awaitVersion();
    }

    /** The README seed's cluster: machine0, then machine1 and machine2 joining through machine0. */
    static List<ServerProcess> cluster() throws IOException, InterruptedException {
        List<ServerProcess> members = new ArrayList<>();
        members.add(new ServerProcess("machine0", null));
        String via = "127.0.0.1:" + members.get(0).peerPort;
        try {
            members.add(new ServerProcess("machine1", via));
            members.add(new ServerProcess("machine2", via));
        } catch (IOException | RuntimeException e) {
            for (ServerProcess m : members) {
                m.close();
            }
            throw e;
        }
        return members;
    }

    String url() {
        return "http://127.0.0.1:" + clientPort;
    }

    String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    private void awaitVersion() throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url() + "/version"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                break;
            }
            try {
                if (http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode() == 200 && hasLeader(http)) {
                    return;
                }
            } catch (IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(50); // polling interval of the bounded start-up wait, not a synchronisation
        }
        String log = Files.exists(dataDir.resolve("server.log")) ? Files.readString(dataDir.resolve("server.log")) : "";
        close();
        throw new IOException("server did not come up on " + url() + ":\n" + log);
    }

    /** Writes need a leader; a single machine elects itself shortly after it opens its ports. */
    private boolean hasLeader(HttpClient http) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url() + "/v2/leader"))
                .timeout(Duration.ofSeconds(2))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    }

    /** A free loopback port, never the same one twice in this JVM (the kernel may reuse a just-closed probe's). */
    static synchronized int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT_PORTS.add(probe.getLocalPort())) {
                    return probe.getLocalPort();
                }
            }
        }
        throw new IOException("no loopback port this JVM has not handed out already after 100 tries");
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s) and keeps its files. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
