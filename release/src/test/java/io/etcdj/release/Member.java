package io.etcdj.release;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** One member started from a release launcher (the tarball's bin/etcd, the .deb's usr/bin/etcd), as a user starts it. */
final class Member implements AutoCloseable {
    private static final Set<Integer> PORTS_HANDED_OUT = new HashSet<>();
    private static final long START_TIMEOUT_MS = 90_000;
    /** The members' ETCDJ_JAVA_OPTS unless a test's own environment replaces it: small, quick to start. */
    static final String TEST_JVM_OPTS = "-Xms64m -Xmn32m -XX:-AlwaysPreTouch -XX:TieredStopAtLevel=1"
            + " -Detcdj.systemConfigFile=/nonexistent/etcdj-release-test/etcd.conf";

    private static final long STOP_TIMEOUT_S = 60;

    final int clientPort;
    final Process process;
    final Path log;

    private Member(int clientPort, Process process, Path log) {
        this.clientPort = clientPort;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code launcher} with {@code path} as PATH and waits until it answers on its client port. The JVM gets a
     * small heap through the launcher's own variables (this machine is shared), and never reads /etc/etcd/etcd.conf.
     */
    static Member start(Path launcher, Path dataDir, String path, List<String> extraArgs)
            throws IOException, InterruptedException {
        return start(launcher, dataDir, path, extraArgs, Map.of());
    }

    /** As {@link #start(Path, Path, String, List)}, with {@code extraEnv} added to the launcher's environment. */
    static Member start(Path launcher, Path dataDir, String path, List<String> extraArgs, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        int client = freePort();
        int peer = freePort();
        List<String> cmd = new ArrayList<>(List.of(
                launcher.toString(),
                "-name",
                "release-test",
                "-data-dir",
                dataDir.toString(),
                "-addr",
                "127.0.0.1:" + client,
                "-peer-addr",
                "127.0.0.1:" + peer));
        cmd.addAll(extraArgs);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dataDir.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ETCD") || k.equals("JAVA_HOME"));
        env.put("PATH", path);
        env.put("ETCDJ_HEAP_MAX", "256m");
        env.put("ETCDJ_JAVA_OPTS", TEST_JVM_OPTS);
        env.putAll(extraEnv);
        Member m = new Member(client, pb.start(), log);
        m.awaitServing();
        return m;
    }

    String url(String path) {
        return "http://127.0.0.1:" + clientPort + path;
    }

    /** Polls GET /version (bounded): the member is up when it answers 200; it failed when its process ended. */
    private void awaitServing() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the member exited " + process.exitValue() + " before serving:\n" + log());
            }
            Cmd c = Cmd.run(
                    log.getParent(),
                    List.of(
                            "/usr/bin/curl",
                            "-s",
                            "-o",
                            "/dev/null",
                            "-w",
                            "%{http_code}",
                            "--max-time",
                            "2",
                            url("/version")));
            if (c.out().equals("200")) {
                return;
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("the member did not serve within " + START_TIMEOUT_MS + " ms:\n" + log());
    }

    /** SIGTERM (what systemctl stop and Ctrl-C's cousin send), then the exit code the user sees. */
    int terminate() throws InterruptedException {
        process.destroy(); // SIGTERM on Linux
        if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the member did not stop within " + STOP_TIMEOUT_S + " s of SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * Kills the member and every process under it: on an install's first run the launcher runs the JVM as its child
     * (to rename the class-data archive once the JVM exits), and a SIGKILL to the launcher alone would leave that JVM
     * running after the test.
     */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> jvms = process.descendants().toList();
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS);
        }
        for (ProcessHandle jvm : jvms) {
            jvm.destroyForcibly();
            jvm.onExit()
                    .completeOnTimeout(jvm, STOP_TIMEOUT_S, TimeUnit.SECONDS)
                    .join();
        }
    }

    private static synchronized int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (PORTS_HANDED_OUT.add(probe.getLocalPort())) {
                    return probe.getLocalPort();
                }
            }
        }
        throw new IOException("no loopback port this JVM has not handed out already after 100 tries");
    }
}
