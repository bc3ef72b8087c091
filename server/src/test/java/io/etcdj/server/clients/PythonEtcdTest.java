package io.etcdj.server.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's python3-etcd (python-etcd 0.4.5), run by the system interpreter {@code /usr/bin/python3} (a python3
 * earlier on PATH may not see Debian's dist-packages), against a real etcdj node. The script
 * {@code clients/python_etcd_check.py} prints one line per check and exits non-zero if any failed.
 */
class PythonEtcdTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void pythonEtcdClientAgainstEtcdj() throws Exception {
        Run probe = run(dir, 30, PYTHON, "-c", "import etcd; print(etcd.__file__)");
        if (probe.code != 0) {
            fail("python-etcd is not importable by " + PYTHON + ": apt-get install python3-etcd\n" + probe.out);
        }

        Path script = dir.resolve("python_etcd_check.py");
        try (InputStream in = PythonEtcdTest.class.getResourceAsStream("/clients/python_etcd_check.py")) {
            assertNotNull(in, "test resource clients/python_etcd_check.py missing");
            Files.copy(in, script);
        }
        Path serverDir = Files.createDirectories(dir.resolve("server"));
        try (ClientServer server = ClientServer.start(serverDir)) {
            Run run = run(dir, 150, PYTHON, script.toString(), Integer.toString(server.clientPort));
            System.out.println("---- python-etcd (" + probe.out.strip() + ") ----\n" + run.out);
            String context = run.out + "\n---- etcd log tail ----\n" + server.tail();
            assertEquals(0, run.code, "python-etcd checks failed (exit " + run.code + ")\n" + context);
            assertTrue(run.out.contains("all checks passed"), context);
        }
    }

    private record Run(int code, String out) {}

    /** Runs a command (stdout and stderr together) and waits at most {@code seconds} for it. */
    private static Run run(Path dir, int seconds, String... cmd) throws Exception {
        Path out = Files.createTempFile(dir, "py", ".out");
        Process p = new ProcessBuilder(List.of(cmd))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                fail(String.join(" ", cmd) + " did not finish within " + seconds + " s\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
