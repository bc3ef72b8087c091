package io.etcdj.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Same commands through Debian's etcdctl (etcd 3.4, ETCDCTL_API=2) and ours against one server: the
 * outputs and exit codes must match, apart from the store index inside error lines. Each tool works in
 * its own tree ("%" in a key is /deb for theirs and /our for ours) so that writes do not collide.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebianEtcdctlComparisonTest {
    private static final Path DEBIAN_ETCDCTL = Path.of("/usr/bin/etcdctl");

    private ServerProcess server;

    @BeforeAll
    void start() throws Exception {
        assertTrue(
                Files.isExecutable(DEBIAN_ETCDCTL),
                "Debian's etcdctl is missing: apt-get install etcd-client (.ci/run does)");
        server = new ServerProcess();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private Ctl.Result debian(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(DEBIAN_ETCDCTL.toString(), "--endpoints", server.url()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCDCTL_"));
        pb.environment().put("ETCDCTL_API", "2");
        Path errFile = Files.createTempFile("etcdctl-err", ".txt");
        try {
            Process p = pb.redirectError(errFile.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("Debian etcdctl did not finish: " + cmd);
            }
            return new Ctl.Result(p.exitValue(), out, Files.readString(errFile));
        } finally {
            Files.delete(errFile);
        }
    }

    private void same(String... args) throws Exception {
        Ctl.Result theirs = debian(in("/deb", args));
        Ctl.Result ours = new Ctl(server.url()).run(in("/our", args));
        assertEquals(normalize(theirs, "/deb"), normalize(ours, "/our"), String.join(" ", args));
    }

    private static String[] in(String tree, String[] args) {
        String[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i].replace("%", tree);
        }
        return out;
    }

    private static Ctl.Result normalize(Ctl.Result r, String tree) {
        return new Ctl.Result(
                r.code(), r.out().replace(tree, "%"), r.err().replace(tree, "%").replaceAll("\\[\\d+]", "[N]"));
    }

    @Test
    void setGetLsAndErrorsMatch() throws Exception {
        same("set", "%/a", "one");
        same("set", "%/dir/b", "two words");
        same("mk", "%/c", "three");
        same("update", "%/c", "four");
        same("get", "%/a");
        same("get", "%/dir/b");
        same("ls", "%");
        same("ls", "--recursive", "%");
        same("ls", "-p", "--recursive", "%");
        same("ls", "%/a");
        same("get", "%");
        same("get", "%/missing");
        same("mk", "%/a", "again");
        same("update", "%/missing", "x");
        same("mkdir", "%/newdir");
        same("rmdir", "%/newdir");
    }
}
