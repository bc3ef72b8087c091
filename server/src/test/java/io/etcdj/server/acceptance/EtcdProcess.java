package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.fail;

import io.etcdj.server.testing.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * One real etcdj server process ({@code java -cp <test classpath> io.etcdj.server.Main ...}), its combined
 * stdout/stderr going to a log file. Closing it kills it (SIGKILL) if it is still running; the tail of its log is
 * kept in {@link #TAILS} so {@link LogTailOnFailure} can print it when the test fails.
 */
final class EtcdProcess implements AutoCloseable {
    /** Log tails of processes closed during the current test (cleared before each test). */
    static final List<String> TAILS = new ArrayList<>();

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    final Path dataDir;
    final int clientPort;
    final int peerPort;
    final Path logFile;
    final List<String> command;
    private final Process process;
    private boolean tailKept;

    private EtcdProcess(
            Path dataDir, int clientPort, int peerPort, Path logFile, List<String> command, Process process) {
        this.dataDir = dataDir;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.logFile = logFile;
        this.command = command;
        this.process = process;
    }

    static int freePort() throws IOException {
        return FreePorts.next();
    }

    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code java -cp <this JVM's class path> io.etcdj.server.Main <args>}. */
    static List<String> javaCommand(List<String> args) {
        return javaCommand(List.of(), args);
    }

    /** As {@link #javaCommand(List)} with extra JVM options (a test-only -D, say). */
    static List<String> javaCommand(List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A machine's own /etc/etcd/etcd.conf must not reach a test's member (a test may override this: last -D wins).
        cmd.add("-Detcdj.systemConfigFile=/nonexistent/etcdj-test/etcd.conf");
        cmd.addAll(jvmOptions);
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+ExitOnOutOfMemoryError"); // as ./etcd runs it: fail-stop
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.etcdj.server.Main");
        cmd.addAll(args);
        return cmd;
    }

    /**
     * As the launchers run a member: the JVM options come from a java {@code @argfile} (etc/jvm.options), with none
     * of this class's test options (-Xmx256m, C1 only) that would hide what the file does.
     */
    static List<String> javaCommandWithOptionsFile(Path optionsFile, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Detcdj.systemConfigFile=/nonexistent/etcdj-test/etcd.conf");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("@" + optionsFile.toAbsolutePath());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.etcdj.server.Main");
        cmd.addAll(args);
        return cmd;
    }

    /** Starts a process with this JVM options file and these args and does not wait: call {@link #awaitReady}. */
    static EtcdProcess launchWithOptionsFile(
            Path optionsFile, List<String> args, Path dataDir, int clientPort, int peerPort, Path logFile)
            throws IOException {
        List<String> cmd = javaCommandWithOptionsFile(optionsFile, args);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        return new EtcdProcess(dataDir, clientPort, peerPort, logFile, cmd, p);
    }

    static List<String> nodeArgs(Path dataDir, int clientPort, int peerPort, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "-data-dir",
                dataDir.toString(),
                "-name",
                "machine0",
                "-addr",
                "127.0.0.1:" + clientPort,
                "-peer-addr",
                "127.0.0.1:" + peerPort));
        args.addAll(List.of(extra));
        return args;
    }

    /** Starts a node and waits (bounded) until {@code /version} answers. */
    static EtcdProcess start(Path dataDir, int clientPort, int peerPort, Path logFile, String... extra)
            throws Exception {
        List<String> cmd = javaCommand(nodeArgs(dataDir, clientPort, peerPort, extra));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        EtcdProcess etcd = new EtcdProcess(dataDir, clientPort, peerPort, logFile, cmd, p);
        etcd.awaitReady();
        return etcd;
    }

    /** Starts a node whose client port speaks HTTPS; ready when it logs that the client port listens. */
    static EtcdProcess startTls(Path dataDir, int clientPort, int peerPort, Path logFile, String... extra)
            throws Exception {
        List<String> cmd = javaCommand(nodeArgs(dataDir, clientPort, peerPort, extra));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        EtcdProcess etcd = new EtcdProcess(dataDir, clientPort, peerPort, logFile, cmd, p);
        for (int i = 0; i < 300; i++) {
            if (!p.isAlive()) {
                fail("etcd exited with code " + p.exitValue() + " during start-up\n" + etcd.tail());
            }
            if (Files.exists(logFile) && Files.readString(logFile).contains("listening for client requests")) {
                return etcd;
            }
            Thread.sleep(100);
        }
        etcd.close();
        fail("etcd did not log 'listening for client requests' within 30 s: " + cmd + "\n" + etcd.tail());
        return etcd;
    }

    /**
     * The README seed's Clustering command shape: {@code -peer-addr 127.0.0.1:P -addr 127.0.0.1:C [-peers ...]
     * -data-dir D -name N}, then {@code extra}.
     */
    static List<String> memberArgs(
            String name, Path dataDir, int clientPort, int peerPort, String peers, String... extra) {
        List<String> args =
                new ArrayList<>(List.of("-peer-addr", "127.0.0.1:" + peerPort, "-addr", "127.0.0.1:" + clientPort));
        if (peers != null) {
            args.addAll(List.of("-peers", peers));
        }
        args.addAll(List.of("-data-dir", dataDir.toString(), "-name", name));
        args.addAll(List.of(extra));
        return args;
    }

    /** Starts a process with these args and does not wait: call {@link #awaitReady(int)}. */
    static EtcdProcess launch(List<String> args, Path dataDir, int clientPort, int peerPort, Path logFile)
            throws IOException {
        return launch(List.of(), args, dataDir, clientPort, peerPort, logFile);
    }

    /** As {@link #launch(List, Path, int, int, Path)} with extra JVM options. */
    static EtcdProcess launch(
            List<String> jvmOptions, List<String> args, Path dataDir, int clientPort, int peerPort, Path logFile)
            throws IOException {
        List<String> cmd = javaCommand(jvmOptions, args);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        return new EtcdProcess(dataDir, clientPort, peerPort, logFile, cmd, p);
    }

    /** Bounded: until {@code /version} answers 200 (a joining member's client port opens once it has joined). */
    void awaitReady(int seconds) throws Exception {
        for (int i = 0; i < seconds * 10; i++) {
            if (!process.isAlive()) {
                keepTail();
                fail("etcd exited with code " + process.exitValue() + " before answering /version\n" + tail());
            }
            try {
                HttpResponse<String> r = HTTP.send(
                        HttpRequest.newBuilder(url("/version"))
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
        close();
        fail("etcd did not answer /version within " + seconds + " s: " + command + "\n" + tail());
    }

    private void awaitReady() throws Exception {
        awaitReady(60); // generous: a loaded 2-core machine can take tens of seconds to start a JVM
    }

    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + clientPort + pathAndQuery);
    }

    String base() {
        return "http://127.0.0.1:" + clientPort;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL (destroyForcibly is SIGKILL on Linux) and wait for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            fail("etcd (pid " + process.pid() + ") survived SIGKILL for 20 s");
        }
        keepTail();
    }

    /** SIGTERM (a clean stop through the shutdown hook); returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
            keepTail();
            fail("etcd (pid " + process.pid() + ") did not stop within 30 s of SIGTERM\n" + tail());
        }
        keepTail();
        return process.exitValue();
    }

    /** Waits (bounded) for the process to exit by itself; returns its exit code. */
    int awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            fail("etcd (pid " + process.pid() + ") did not exit within " + seconds + " s\n" + tail());
        }
        keepTail();
        return process.exitValue();
    }

    String tail() {
        return tailOf(logFile, 60);
    }

    private void keepTail() {
        if (!tailKept) {
            tailKept = true;
            TAILS.add("---- " + logFile + " (pid " + process.pid() + ") ----\n" + tail());
        }
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
        keepTail();
    }

    static String tailOf(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** A run of the binary that is expected to exit by itself. */
    record Exit(int code, String stdout, String stderr) {
        String both() {
            return "exit " + code + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** Runs {@code Main} with the given args and waits (at most 30 s) for it to exit by itself. */
    static Exit runToExit(List<String> args, Path dir) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(javaCommand(args))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                fail("etcd " + args + " did not exit within 30 s\n" + tailOf(err, 40));
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
        Exit exit = new Exit(p.exitValue(), Files.readString(out), Files.readString(err));
        TAILS.add("---- etcd " + args + " ----\n" + exit.both());
        return exit;
    }
}
