package io.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlagsTest {

    private static ServerConfig run(Map<String, String> env, String... args) throws ConfigException {
        Flags.Outcome outcome = Flags.parse(args, env);
        return assertInstanceOf(Flags.Outcome.Run.class, outcome, "expected a run outcome")
                .config();
    }

    private static ServerConfig run(String... args) throws ConfigException {
        return run(Map.of(), args);
    }

    private static String refused(Map<String, String> env, String... args) {
        return assertThrows(ConfigException.class, () -> Flags.parse(args, env)).getMessage();
    }

    private static String refused(String... args) {
        return refused(Map.of(), args);
    }

    @ParameterizedTest
    @MethodSource("nameSyntaxes")
    void goFlagSyntaxes(String[] args) throws ConfigException {
        ServerConfig c = run(args);
        assertEquals("x", c.name());
        assertEquals(Path.of("x.etcd"), c.dataDir());
    }

    static Stream<Arguments> nameSyntaxes() {
        return Stream.of(
                Arguments.of((Object) new String[] {"-name", "x"}),
                Arguments.of((Object) new String[] {"-name=x"}),
                Arguments.of((Object) new String[] {"--name", "x"}),
                Arguments.of((Object) new String[] {"--name=x"}));
    }

    @Test
    void bareBooleanIsTrueAndDefaultsFalse() throws ConfigException {
        assertTrue(run("-name", "a", "-f").storage().force());
        assertTrue(run("-name", "a", "-force").storage().force());
        assertFalse(run("-name", "a").storage().force());
        // A bare boolean does not swallow the next argument.
        ServerConfig c = run("-f", "-name", "b");
        assertTrue(c.storage().force());
        assertEquals("b", c.name());
    }

    @Test
    void booleanWithExplicitValue() throws ConfigException {
        assertFalse(run("-name", "a", "-snapshot=false").storage().snapshot());
        assertFalse(run("-name", "a", "-snapshot=0").storage().snapshot());
        assertTrue(run("-name", "a", "-snapshot=true").storage().snapshot());
        assertTrue(run("-name", "a").storage().snapshot(), "snapshots are on by default");
        assertTrue(run("-name", "a", "-v").logging().verbose());
    }

    @Test
    void environmentIsReadAndFlagsWin() throws ConfigException {
        Map<String, String> env = Map.of("ETCD_NAME", "fromenv", "ETCD_SNAPSHOTCOUNT", "42");
        ServerConfig fromEnv = run(env);
        assertEquals("fromenv", fromEnv.name());
        assertEquals(42, fromEnv.storage().snapshotCount());
        assertEquals(Path.of("fromenv.etcd"), fromEnv.dataDir());

        ServerConfig flagsWin = run(env, "-name", "fromflag", "-snapshot-count", "7");
        assertEquals("fromflag", flagsWin.name());
        assertEquals(7, flagsWin.storage().snapshotCount());
    }

    @Test
    void defaults() throws ConfigException {
        ServerConfig c = run("-name", "n1");
        assertEquals(Path.of("n1.etcd"), c.dataDir());
        assertEquals("http://127.0.0.1:4001", c.client().listener().advertiseUrl());
        assertEquals("127.0.0.1", c.client().listener().bindHost());
        assertEquals(4001, c.client().listener().port());
        assertEquals("http://127.0.0.1:7001", c.peer().advertiseUrl());
        assertEquals("127.0.0.1", c.peer().bindHost());
        assertEquals(7001, c.peer().port());
        assertEquals(10000, c.storage().snapshotCount());
        assertEquals(1572864, c.client().maxRequestBytes());
        assertEquals(300, c.client().readTimeoutSeconds());
        assertEquals(new ServerConfig.ClientLimits(16_384, 10), c.client().limits());
        assertFalse(c.storage().force());
        assertFalse(c.logging().verbose());
    }

    @Test
    void defaultNameIsNotEmpty() throws ConfigException {
        ServerConfig c = run();
        assertFalse(c.name().isEmpty());
        assertEquals(Path.of(c.name() + ".etcd"), c.dataDir());
    }

    @Test
    void explicitDataDir() throws ConfigException {
        assertEquals(
                Path.of("/tmp/somewhere"),
                run("-name", "a", "-data-dir", "/tmp/somewhere").dataDir());
    }

    @Test
    void bindHostFollowsAddr() throws ConfigException {
        ServerConfig c = run("-name", "a", "-addr", "10.1.2.3:4101", "-peer-addr", "10.1.2.3:7101");
        assertEquals("http://10.1.2.3:4101", c.client().listener().advertiseUrl());
        assertEquals("10.1.2.3", c.client().listener().bindHost());
        assertEquals(4101, c.client().listener().port());
        assertEquals("http://10.1.2.3:7101", c.peer().advertiseUrl());
        assertEquals("10.1.2.3", c.peer().bindHost());
        assertEquals(7101, c.peer().port());
    }

    @Test
    void bindAddrWithoutPortTakesThePortOfAddr() throws ConfigException {
        ServerConfig c = run(
                "-name",
                "a",
                "-addr",
                "10.1.2.3:4101",
                "-bind-addr",
                "0.0.0.0",
                "-peer-addr",
                "10.1.2.3:7101",
                "-peer-bind-addr",
                "0.0.0.0");
        assertEquals("http://10.1.2.3:4101", c.client().listener().advertiseUrl(), "the advertised URL keeps -addr");
        assertEquals("0.0.0.0", c.client().listener().bindHost());
        assertEquals(4101, c.client().listener().port());
        assertEquals("0.0.0.0", c.peer().bindHost());
        assertEquals(7101, c.peer().port());
    }

    @Test
    void bindAddrWithItsOwnPort() throws ConfigException {
        ServerConfig c = run("-name", "a", "-bind-addr", "0.0.0.0:5555");
        assertEquals("0.0.0.0", c.client().listener().bindHost());
        assertEquals(5555, c.client().listener().port());
        assertEquals("http://127.0.0.1:4001", c.client().listener().advertiseUrl());
    }

    /** Each bad command line is refused with a message that names the culprit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommandLines")
    void refusedWithAMessageNamingTheFlag(String what, String[] args, String[] mustMention) {
        String message = refused(args);
        for (String m : mustMention) {
            assertTrue(message.contains(m), () -> "\"" + message + "\" should mention " + m);
        }
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                bad("unknown flag", new String[] {"-nosuchflag", "1"}, "-nosuchflag"),
                bad("unknown flag with =", new String[] {"--bogus=1"}, "-bogus"),
                bad("missing argument", new String[] {"-name"}, "-name"),
                bad("missing argument for int", new String[] {"-name", "a", "-snapshot-count"}, "-snapshot-count"),
                bad("bad int", new String[] {"-name", "a", "-snapshot-count", "abc"}, "-snapshot-count", "abc"),
                bad("negative int", new String[] {"-name", "a", "-snapshot-count=-3"}, "-snapshot-count"),
                bad("zero snapshot count", new String[] {"-name", "a", "-snapshot-count", "0"}, "-snapshot-count"),
                bad("bad boolean", new String[] {"-name", "a", "-snapshot=maybe"}, "-snapshot", "maybe"),
                bad("bad port", new String[] {"-name", "a", "-addr", "127.0.0.1:abc"}, "-addr", "abc"),
                bad("no host", new String[] {"-name", "a", "-addr", ":4001"}, "-addr"),
                bad("bad peer addr", new String[] {"-name", "a", "-peer-addr", "host/x:7001"}, "-peer-addr"),
                bad("port too large", new String[] {"-name", "a", "-addr", "127.0.0.1:70000"}, "-addr", "70000"),
                bad("port zero", new String[] {"-name", "a", "-peer-addr", "127.0.0.1:0"}, "-peer-addr"),
                bad("bind port out of range", new String[] {"-name", "a", "-bind-addr", "0.0.0.0:65536"}, "-bind-addr"),
                bad(
                        "same client and peer port",
                        new String[] {"-name", "a", "-addr", "127.0.0.1:5000", "-peer-addr", "127.0.0.1:5000"},
                        "-addr",
                        "-peer-addr",
                        "5000"),
                bad(
                        "election below twice the heartbeat",
                        new String[] {"-name", "a", "-peer-heartbeat-interval", "100", "-peer-election-timeout", "150"},
                        "-peer-election-timeout",
                        "-peer-heartbeat-interval"),
                bad(
                        "max-request-bytes too small",
                        new String[] {"-name", "a", "-max-request-bytes", "10"},
                        "-max-request-bytes"),
                bad("zero max-connections", new String[] {"-name", "a", "-max-connections", "0"}, "-max-connections"),
                bad(
                        "max-connections past any fd limit",
                        new String[] {"-name", "a", "-max-connections", "99999999"},
                        "-max-connections"),
                bad(
                        "zero header timeout",
                        new String[] {"-name", "a", "-http-header-timeout", "0"},
                        "-http-header-timeout"),
                bad(
                        "header timeout over an hour",
                        new String[] {"-name", "a", "-http-header-timeout=3601"},
                        "-http-header-timeout"),
                bad("positional argument", new String[] {"-name", "a", "stray"}, "stray"),
                bad(
                        "a name with a slash (it becomes a key under /_etcd/machines)",
                        new String[] {"-name", "a/b"},
                        "-name",
                        "a/b",
                        "'/'"),
                bad("a name with a space", new String[] {"-name", "my machine"}, "-name", "my machine"),
                bad(
                        "-peers with a bad port",
                        new String[] {"-name", "a", "-peers", "127.0.0.1:70x2"},
                        "-peers",
                        "70x2"),
                bad(
                        "-peers and -peers-file together",
                        new String[] {"-name", "a", "-peers", "127.0.0.1:7002", "-peers-file", "p.txt"},
                        "-peers",
                        "-peers-file"),
                bad(
                        "-peers-file that does not exist",
                        new String[] {"-name", "a", "-peers-file", "/nonexistent/p"},
                        "-peers-file",
                        "/nonexistent/p"),
                bad(
                        "-discovery that is not an http(s) URL",
                        new String[] {"-name", "a", "-discovery", "discovery.etcd.io/x"},
                        "-discovery",
                        "discovery.etcd.io/x"),
                bad("-cors with a path", new String[] {"-name", "a", "-cors", "http://a.example/x"}, "-cors"),
                bad(
                        "-peer-cert-file without its key and CA",
                        new String[] {"-name", "a", "-peer-cert-file", "c.pem"},
                        "-peer-cert-file",
                        "-peer-key-file",
                        "-peer-ca-file"),
                bad(
                        "an http:// peer for a TLS member",
                        new String[] {
                            "-name",
                            "a",
                            "-peer-cert-file",
                            "c.pem",
                            "-peer-key-file",
                            "k.pem",
                            "-peer-ca-file",
                            "ca.pem",
                            "-peers",
                            "http://127.0.0.1:7001"
                        },
                        "-peers",
                        "mixing"),
                bad(
                        "an https:// peer for a plain member",
                        new String[] {"-name", "a", "-peers", "https://127.0.0.1:7001"},
                        "-peers",
                        "mixing"),
                bad(
                        "-cert-file without -key-file",
                        new String[] {"-name", "a", "-cert-file", "c.pem"},
                        "-cert-file",
                        "-key-file"),
                bad(
                        "-ca-file without a certificate",
                        new String[] {"-name", "a", "-ca-file", "ca.pem"},
                        "-ca-file",
                        "HTTPS"),
                bad(
                        "a missing -config file",
                        new String[] {"-config", "/nonexistent/etcd.conf"},
                        "/nonexistent/etcd.conf",
                        "does not exist"));
    }

    private static Arguments bad(String what, String[] args, String... mustMention) {
        return Arguments.of(what, args, mustMention);
    }

    @Test
    void peerTlsFromTheEnvironmentIsCheckedLikeFlags() {
        String tls = refused(Map.of("ETCD_PEER_CERT_FILE", "c.pem"), "-name", "a");
        assertTrue(tls.contains("-peer-key-file") && tls.contains("TLS"), tls);
    }

    @Test
    void discoveryClusterSettingsAndCorsAreRead() throws ConfigException {
        ServerConfig c = run(
                Map.of("ETCD_DISCOVERY", "https://discovery.etcd.io/abc", "ETCD_CORS", "http://a.example:8080, *"),
                "-name",
                "a",
                "-cluster-active-size",
                "5",
                "-cluster-remove-delay",
                "60");
        assertEquals("https://discovery.etcd.io/abc", c.cluster().discoveryUrl());
        assertEquals(5, c.cluster().activeSet().activeSize());
        assertEquals(60.0, c.cluster().activeSet().removeDelaySeconds());
        assertEquals(5.0, c.cluster().activeSet().syncIntervalSeconds(), "the default sync interval");
        assertEquals(java.util.List.of("http://a.example:8080", "*"), c.client().corsOrigins());
    }

    @Test
    void clusterSettingsBelowTheMinimumsAreRaisedToThem() throws ConfigException {
        ServerConfig c = run(
                "-name", "a", "-cluster-active-size", "1", "-cluster-remove-delay", "0", "-cluster-sync-interval", "0");
        assertEquals(new ServerConfig.ActiveSet(3, 2, 1), c.cluster().activeSet());
        assertEquals(null, run("-name", "a").cluster().discoveryUrl());
        assertEquals(
                ServerConfig.ActiveSet.DEFAULTS, run("-name", "a").cluster().activeSet());
    }

    @Test
    void peersFromTheFlagTheEnvironmentOrAFile(@TempDir Path dir) throws Exception {
        ServerConfig flag = ((Flags.Outcome.Run) Flags.parse(
                        new String[] {"-name", "a", "-peers", "127.0.0.1:7001, http://127.0.0.1:7002"}, Map.of()))
                .config();
        assertEquals(
                List.of("127.0.0.1:7001", "http://127.0.0.1:7002"),
                flag.cluster().peers());
        ServerConfig env = ((Flags.Outcome.Run)
                        Flags.parse(new String[] {"-name", "a"}, Map.of("ETCD_PEERS", "127.0.0.1:7003")))
                .config();
        assertEquals(List.of("127.0.0.1:7003"), env.cluster().peers());
        Path file = dir.resolve("peers");
        Files.writeString(file, "127.0.0.1:7001,127.0.0.1:7002\n");
        ServerConfig fromFile = ((Flags.Outcome.Run)
                        Flags.parse(new String[] {"-name", "a", "-peers-file", file.toString()}, Map.of()))
                .config();
        assertEquals(
                List.of("127.0.0.1:7001", "127.0.0.1:7002"), fromFile.cluster().peers());
        ServerConfig alone = ((Flags.Outcome.Run) Flags.parse(
                        new String[] {"-name", "a", "-peer-heartbeat-interval", "100", "-peer-election-timeout", "1000"
                        },
                        Map.of()))
                .config();
        assertEquals(List.of(), alone.cluster().peers());
        assertEquals(100, alone.cluster().heartbeatMs());
        assertEquals(1000, alone.cluster().electionTimeoutMs());
    }

    @Test
    void peerTlsFlagsMakeThePeerUrlHttps() throws Exception {
        ServerConfig config = ((Flags.Outcome.Run) Flags.parse(
                        new String[] {
                            "-name",
                            "a",
                            "-peer-cert-file",
                            "p.crt",
                            "-peer-key-file",
                            "p.key",
                            "-peer-ca-file",
                            "ca.crt",
                            "-peers",
                            "127.0.0.1:7001"
                        },
                        Map.of()))
                .config();
        assertEquals("https://127.0.0.1:7001", config.peer().advertiseUrl());
        assertEquals(Path.of("p.crt"), config.cluster().peerTls().certFile());
        assertEquals(Path.of("ca.crt"), config.cluster().peerTls().caFile());
    }

    @Test
    void clientTlsFlagsMakeTheAdvertisedUrlHttps() throws Exception {
        Flags.Outcome outcome = Flags.parse(
                new String[] {"-name", "a", "-cert-file", "s.crt", "-key-file", "s.key", "-ca-file", "ca.crt"},
                Map.of());
        ServerConfig config = ((Flags.Outcome.Run) outcome).config();
        assertEquals("https://127.0.0.1:4001", config.client().listener().advertiseUrl());
        assertEquals(
                new ServerConfig.TlsFiles(Path.of("s.crt"), Path.of("s.key"), Path.of("ca.crt")),
                config.client().tls());
        ServerConfig plain = ((Flags.Outcome.Run) Flags.parse(new String[] {"-name", "a"}, Map.of())).config();
        assertEquals("http://127.0.0.1:4001", plain.client().listener().advertiseUrl());
        assertEquals(null, plain.client().tls());
    }

    @Test
    void clientConnectionLimitsFromFlagsOrTheEnvironment() throws ConfigException {
        ServerConfig c = run("-name", "a", "-max-connections", "100", "-http-header-timeout=3");
        assertEquals(new ServerConfig.ClientLimits(100, 3), c.client().limits());
        ServerConfig e = run(Map.of("ETCD_MAX_CONNECTIONS", "50", "ETCD_HTTP_HEADER_TIMEOUT", "7"), "-name", "a");
        assertEquals(new ServerConfig.ClientLimits(50, 7), e.client().limits());
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        String message = refused(Map.of("ETCD_SNAPSHOTCOUNT", "lots"), "-name", "a");
        assertTrue(message.contains("ETCD_SNAPSHOTCOUNT"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "-help", "--help", "--h"})
    void helpListsEveryFlag(String flag) throws ConfigException {
        Flags.Outcome outcome = Flags.parse(new String[] {flag}, Map.of());
        String text = assertInstanceOf(Flags.Outcome.Print.class, outcome).text();
        assertFalse(FlagTable.ALL.isEmpty());
        for (FlagSpec spec : FlagTable.ALL) {
            Pattern line = Pattern.compile("(?m)^\\s+-" + Pattern.quote(spec.name()) + "(\\s|$)");
            assertTrue(line.matcher(text).find(), () -> "-h does not list -" + spec.name() + ":\n" + text);
            if (spec.unavailableBecause() != null) {
                assertTrue(
                        text.contains(spec.unavailableBecause()),
                        () -> "-h does not say why -" + spec.name() + " is unavailable");
            }
        }
    }

    @Test
    void helpWinsOverOtherwiseInvalidSettings() throws ConfigException {
        // Checks on the resulting configuration must not stop -h from printing.
        Flags.Outcome outcome =
                Flags.parse(new String[] {"-addr", "127.0.0.1:5000", "-peer-addr", "127.0.0.1:5000", "-h"}, Map.of());
        assertInstanceOf(Flags.Outcome.Print.class, outcome);
    }

    @Test
    void versionPrints() throws ConfigException {
        Flags.Outcome outcome = Flags.parse(new String[] {"-version"}, Map.of());
        assertTrue(assertInstanceOf(Flags.Outcome.Print.class, outcome).text().contains("0.4.6"));
    }
}
