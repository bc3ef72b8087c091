package io.etcdj.faults.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real member: {@code java -cp <class path> io.etcdj.server.Main} with the normal flags, its output appended to
 * one log file across restarts (each start is marked). Kill is SIGKILL; pause and resume are SIGSTOP and SIGCONT.
 */
public final class MemberProcess {
    private final String name;
    private final String host;
    private final LoopbackBlock block;
    private final Path dataDir;
    private final Path logFile;
    private final List<String> flags;
    private Process process;
    private boolean paused;
    private int starts;

    MemberProcess(String name, String host, LoopbackBlock block, Path dataDir, Path logFile, List<String> flags) {
        this.name = name;
        this.host = host;
        this.block = block;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.flags = List.copyOf(flags);
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public String clientUrl() {
        return "http://" + host + ":" + block.clientPort();
    }

    public String peerHostPort() {
        return host + ":" + block.peerPort();
    }

    public Path logFile() {
        return logFile;
    }

    /** Starts (or restarts on the same data dir) with extra JVM options, e.g. a disk fault's system property. */
    public synchronized void start(List<String> jvmOptions) throws IOException {
        if (!Files.exists(clockFile())) {
            setClockOffsetMs(0);
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        starts++;
        Files.writeString(
                logFile,
                "==== faults: start " + starts + " of " + name + " " + jvmOptions + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Detcdj.fault.clockOffsetFile=" + clockFile());
        // A machine's own /etc/etcd/etcd.conf must not reach a fault run's member.
        command.add("-Detcdj.systemConfigFile=/nonexistent/etcdj-test/etcd.conf");
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                "io.etcdj.server.Main"));
        command.addAll(flags);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        paused = false;
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    public synchronized boolean paused() {
        return paused;
    }

    /** SIGKILL, then waits (bounded) until the process is gone. */
    public synchronized void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
        }
        paused = false;
    }

    public synchronized void pause() throws IOException, InterruptedException {
        if (alive() && !paused) {
            signal("STOP");
            paused = true;
        }
    }

    public synchronized void resume() throws IOException, InterruptedException {
        if (alive() && paused) {
            signal("CONT");
        }
        paused = false;
    }

    /** The exit code if the process has ended, else -1. */
    public synchronized int exitCode() {
        return process == null || process.isAlive() ? -1 : process.exitValue();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        if (!kill.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** The file the member's wall clock offset is read from (the server re-reads it every 100 ms). */
    private Path clockFile() {
        return logFile.resolveSibling(name + ".clock-offset-ms");
    }

    /** Jumps the member's wall clock (TTL expiry follows the leader's): written whole, then renamed into place. */
    public void setClockOffsetMs(long offsetMs) throws IOException {
        Path next = logFile.resolveSibling(name + ".clock-offset-ms.next");
        Files.writeString(next, Long.toString(offsetMs));
        Files.move(next, clockFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Path dataDir() {
        return dataDir;
    }
}
