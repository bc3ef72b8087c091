package io.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** etcd 0.4.6's deprecated aliases and its flags that do nothing here. */
class LegacyFlagsTest {
    @TempDir
    Path dir;

    private Flags.Outcome.Run run(Map<String, String> env, String... args) throws ConfigException {
        return assertInstanceOf(Flags.Outcome.Run.class, Flags.parse(args, env, dir.resolve("none")));
    }

    /** Each alias sets its new flag and yields 0.4.6's own line, "[deprecated] use -new, not -old". */
    @ParameterizedTest(name = "-{0}")
    @MethodSource("aliases")
    void eachDeprecatedAliasSetsItsFlagWithTheWarning(
            String alias, String value, Function<ServerConfig, Object> read, Object expected) throws Exception {
        String[] args = List.of("a-name", "b-name").contains(value)
                ? new String[] {"-" + alias, value}
                : new String[] {"-name", "a", "-" + alias, value};
        // TLS needs its companion files: give them by their new flags, then the alias last so that it wins.
        if (alias.startsWith("server")) {
            args = withAliasLast(
                    concat(args, "-peer-ca-file", "ca.crt", "-peer-cert-file", "p.crt", "-peer-key-file", "p.key"),
                    alias,
                    value);
        }
        if (alias.startsWith("client")) {
            args = withAliasLast(concat(args, "-cert-file", "s.crt", "-key-file", "s.key"), alias, value);
        }
        Flags.Outcome.Run run = run(Map.of(), args);
        assertEquals(expected, read.apply(run.config()));
        String newName = LegacyFlags.ALIASES.get(alias);
        assertEquals(List.of("[deprecated] use -" + newName + ", not -" + alias), run.deprecations());
    }

    /** Puts "-alias value" at the end so that it overrides the new flag given for the same setting. */
    private static String[] withAliasLast(String[] args, String alias, String value) {
        return concat(args, "-" + alias, value);
    }

    private static String[] concat(String[] args, String... more) {
        return Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new);
    }

    static Stream<Arguments> aliases() {
        return Stream.of(
                alias("C", "127.0.0.1:7002", c -> c.cluster().peers(), List.of("127.0.0.1:7002")),
                alias("n", "b-name", ServerConfig::name, "b-name"),
                alias("c", "127.0.0.1:4101", c -> c.client().listener().advertiseUrl(), "http://127.0.0.1:4101"),
                alias("cl", "0.0.0.0", c -> c.client().listener().bindHost(), "0.0.0.0"),
                alias("s", "127.0.0.1:7101", c -> c.peer().advertiseUrl(), "http://127.0.0.1:7101"),
                alias("sl", "0.0.0.0", c -> c.peer().bindHost(), "0.0.0.0"),
                alias("d", "/tmp/dd", ServerConfig::dataDir, Path.of("/tmp/dd")),
                alias("m", "10", c -> c.name(), "a"),
                alias("r", "5", c -> c.name(), "a"),
                alias("maxsize", "5", c -> c.cluster().activeSet().activeSize(), 5),
                alias("max-cluster-size", "7", c -> c.cluster().activeSet().activeSize(), 7),
                alias("clientCAFile", "cca.crt", c -> c.client().tls().caFile(), Path.of("cca.crt")),
                alias("clientCert", "c2.crt", c -> c.client().tls().certFile(), Path.of("c2.crt")),
                alias("clientKey", "c2.key", c -> c.client().tls().keyFile(), Path.of("c2.key")),
                alias("serverCAFile", "pca.crt", c -> c.cluster().peerTls().caFile(), Path.of("pca.crt")),
                alias("serverCert", "p2.crt", c -> c.cluster().peerTls().certFile(), Path.of("p2.crt")),
                alias("serverKey", "p2.key", c -> c.cluster().peerTls().keyFile(), Path.of("p2.key")),
                alias("snapshotCount", "77", c -> c.storage().snapshotCount(), 77L),
                alias("peer-heartbeat-timeout", "60", c -> c.cluster().heartbeatMs(), 60L));
    }

    private static Arguments alias(String alias, String value, Function<ServerConfig, Object> read, Object expected) {
        return Arguments.of(alias, value, read, expected);
    }

    @Test
    void theOtherAliasCF() throws Exception {
        Path peers = dir.resolve("peers");
        Files.writeString(peers, "127.0.0.1:7005,127.0.0.1:7006");
        Flags.Outcome.Run run = run(Map.of(), "-name", "a", "-CF", peers.toString());
        assertEquals(
                List.of("127.0.0.1:7005", "127.0.0.1:7006"),
                run.config().cluster().peers());
        assertEquals(List.of("[deprecated] use -peers-file, not -CF"), run.deprecations());
    }

    @Test
    void everyAliasIsTested() {
        List<String> tested = Stream.concat(aliases().map(a -> (String) a.get()[0]), Stream.of("CF"))
                .toList();
        assertEquals(
                LegacyFlags.ALIASES.keySet().stream().sorted().toList(),
                tested.stream().sorted().toList());
    }

    @Test
    void aBadAliasValueIsCheckedAndNamesTheAlias() {
        String message = assertThrows(
                        ConfigException.class,
                        () -> Flags.parse(
                                new String[] {"-name", "a", "-c", "127.0.0.1:x"}, Map.of(), dir.resolve("none")))
                .getMessage();
        assertTrue(message.contains("for -c:"), message);
    }

    /** -max-result-buffer and the rest are accepted (and checked) and each gives one warning naming its source. */
    @Test
    void oldFlagsWithoutEffectWarnOnce() throws Exception {
        Flags.Outcome.Run run = run(
                Map.of("ETCD_GRAPHITE_HOST", "localhost:2003"),
                "-name",
                "a",
                "-max-result-buffer",
                "10",
                "-max-retry-attempts",
                "2",
                "-retry-interval",
                "0.5",
                "-trace",
                "*",
                "-cpuprofile",
                "cpu.prof",
                "-m",
                "11");
        List<String> w = run.warnings();
        assertEquals(6, w.size(), w::toString);
        assertTrue(
                w.contains("-m has no effect in etcdj: " + LegacyFlags.NO_EFFECT.get("max-result-buffer")),
                w::toString);
        assertTrue(w.stream().anyMatch(s -> s.startsWith("-max-retry-attempts has no effect in etcdj: ")));
        assertTrue(w.stream().anyMatch(s -> s.startsWith("-retry-interval has no effect in etcdj: ")));
        assertTrue(w.stream().anyMatch(s -> s.startsWith("-trace has no effect in etcdj: use /v2/stats")));
        assertTrue(w.stream().anyMatch(s -> s.contains("-XX:StartFlightRecording")));
        assertTrue(w.stream().anyMatch(s -> s.startsWith("ETCD_GRAPHITE_HOST has no effect in etcdj: ")));
        assertEquals(List.of("[deprecated] use -max-result-buffer, not -m"), run.deprecations());
        assertEquals(List.of(), run(Map.of(), "-name", "a").warnings(), "no warning when none is given");
        String bad = assertThrows(
                        ConfigException.class,
                        () -> Flags.parse(new String[] {"-retry-interval", "soon"}, Map.of(), dir.resolve("none")))
                .getMessage();
        assertTrue(bad.contains("-retry-interval"), bad);
    }

    @Test
    void helpListsTheDeprecatedAliasesAndTheSourcesOrder() throws Exception {
        String text = assertInstanceOf(
                        Flags.Outcome.Print.class, Flags.parse(new String[] {"-h"}, Map.of(), dir.resolve("none")))
                .text();
        for (Map.Entry<String, String> e : LegacyFlags.ALIASES.entrySet()) {
            assertTrue(
                    text.matches("(?s).*\\n  -" + Pattern.quote(e.getKey()) + " +use -" + Pattern.quote(e.getValue())
                            + "\\n.*"),
                    () -> "-h does not list -" + e.getKey());
        }
        assertTrue(text.contains("/etc/etcd/etcd.conf"), text);
        assertTrue(text.contains("-config"), text);
    }
}
