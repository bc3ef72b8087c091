package io.etcdj.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A short command run to its end, bounded in time, with its output. */
record Cmd(int exit, String out, String err) {
    private static final long TIMEOUT_S = 120;

    static Cmd run(Path dir, List<String> command) throws IOException, InterruptedException {
        return run(dir, command, Map.of());
    }

    static Cmd run(Path dir, List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile("etcdj-release-cmd", ".out");
        Path err = Files.createTempFile("etcdj-release-cmd", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            // The launchers find Java through JAVA_HOME first, and read ETCD* settings: only what a test gives.
            pb.environment().keySet().removeIf(k -> k.equals("JAVA_HOME") || k.startsWith("ETCD"));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " still running after " + TIMEOUT_S + " s");
            }
            return new Cmd(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Cmd ok(Path dir, List<String> command) throws IOException, InterruptedException {
        Cmd c = run(dir, command);
        if (c.exit != 0) {
            throw new AssertionError(command + " exited " + c.exit + "\n" + c.out + c.err);
        }
        return c;
    }
}
