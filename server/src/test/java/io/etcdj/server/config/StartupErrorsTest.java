package io.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad address, number, path or file in a flag stops start-up while the flags are read (exit 2 in Main) with a
 * line that names the flag and never reads "null" or a Java class name.
 */
class StartupErrorsTest {
    @TempDir
    static Path tmp;

    static Stream<Arguments> badValues() throws Exception {
        Path aFile = Files.writeString(tmp.resolve("a-file"), "x");
        return Stream.of(
                Arguments.of("-addr", List.of("-addr", "nonsense")),
                Arguments.of("-addr", List.of("-addr", "300.1.1.1:4001")),
                Arguments.of("-addr", List.of("-addr", "127.0.0.1:99999")),
                Arguments.of("-addr", List.of("-addr", "127.0.0.1:x")),
                Arguments.of("-bind-addr", List.of("-bind-addr", "nonsense")),
                Arguments.of("-peer-addr", List.of("-peer-addr", "nonsense:7001")),
                Arguments.of("-peer-bind-addr", List.of("-peer-bind-addr", "nope")),
                Arguments.of("-peers", List.of("-peers", "127.0.0.1:x")),
                Arguments.of(
                        "-peers-file",
                        List.of("-peers-file", tmp.resolve("missing").toString())),
                Arguments.of("-discovery", List.of("-discovery", "::bad")),
                Arguments.of(
                        "-ca-file", List.of("-ca-file", tmp.resolve("missing").toString())),
                Arguments.of(
                        "-peer-ca-file",
                        List.of("-peer-ca-file", tmp.resolve("missing").toString())),
                Arguments.of(
                        "-data-dir", List.of("-data-dir", aFile.resolve("sub").toString())),
                Arguments.of("-data-dir", List.of("-data-dir", aFile.toString())),
                Arguments.of("-snapshot-count", List.of("-snapshot-count", "abc")),
                Arguments.of("-snapshot-count", List.of("-snapshot-count", "0")),
                Arguments.of("-http-read-timeout", List.of("-http-read-timeout", "abc")),
                Arguments.of("-peer-heartbeat-interval", List.of("-peer-heartbeat-interval", "x")),
                Arguments.of("-max-cluster-size", List.of("-max-cluster-size", "-1")),
                Arguments.of(
                        "-config",
                        List.of("-config", tmp.resolve("missing.conf").toString())));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badValues")
    void aBadValueNamesItsFlag(String flag, List<String> args) {
        List<String> all = new ArrayList<>(
                List.of("-name", "m", "-data-dir", tmp.resolve("m.etcd").toString()));
        all.addAll(args);
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> Flags.parse(all.toArray(String[]::new), Map.of(), tmp.resolve("no-system-file")));
        String m = e.getMessage();
        assertTrue(m.contains(flag), m);
        assertFalse(m.contains("null") || m.contains("Exception") || m.contains("java."), m);
    }

    /** The real command: exit 2 and one "etcd: ..." line, before anything is created. */
    @Test
    void mainExitsTwoForAnAddressItCannotListenOn() throws Exception {
        Path log = tmp.resolve("main.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(
                        java,
                        "-Detcdj.systemConfigFile=/nonexistent/etcdj-test/etcd.conf",
                        "-cp",
                        cp,
                        "io.etcdj.server.Main",
                        "-name",
                        "m",
                        "-data-dir",
                        tmp.resolve("main.etcd").toString(),
                        "-addr",
                        "nonsense")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("etcd -addr nonsense did not exit within 60 s:\n" + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        assertEquals(
                "etcd: -addr \"nonsense:4001\": host \"nonsense\" is neither an address nor a name this machine"
                        + " resolves; want host:port, e.g. 127.0.0.1:4001\n",
                out);
        assertFalse(Files.exists(tmp.resolve("main.etcd")), "nothing is created before the flags are valid");
    }
}
