package io.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Defaults &lt; /etc/etcd/etcd.conf &lt; -config file &lt; ETCD_* &lt; flags, and the file's errors. */
class ConfigSourcesTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path noSystemFile() {
        return dir.resolve("no-such-system.conf");
    }

    private Flags.Outcome.Run run(Path systemFile, Map<String, String> env, String... args) throws ConfigException {
        return assertInstanceOf(Flags.Outcome.Run.class, Flags.parse(args, env, systemFile));
    }

    private String refused(Path systemFile, Map<String, String> env, String... args) {
        return assertThrows(ConfigException.class, () -> Flags.parse(args, env, systemFile))
                .getMessage();
    }

    /**
     * Every subset of the four sources sets -snapshot-count to its own value (system file 1, -config file 2, ETCD_* 3,
     * flag 4): the highest present one wins, whichever others are there.
     */
    @ParameterizedTest(name = "sources {0}")
    @MethodSource("everySubsetOfSources")
    void theHighestSourceGivenWins(List<Integer> present) throws Exception {
        Path system = present.contains(1) ? file("system.conf", "snapshot_count = 1\n") : noSystemFile();
        List<String> args = new ArrayList<>(List.of("-name", "a"));
        if (present.contains(2)) {
            args.addAll(
                    List.of("-config", file("etcd.conf", "snapshot_count = 2\n").toString()));
        }
        Map<String, String> env = present.contains(3) ? Map.of("ETCD_SNAPSHOTCOUNT", "3") : Map.of();
        if (present.contains(4)) {
            args.addAll(List.of("-snapshot-count", "4"));
        }
        long expected = present.isEmpty() ? 10_000 : present.get(present.size() - 1);
        ServerConfig c = run(system, env, args.toArray(String[]::new)).config();
        assertEquals(expected, c.storage().snapshotCount());
    }

    static Stream<Arguments> everySubsetOfSources() {
        return IntStream.range(0, 16).mapToObj(mask -> {
            List<Integer> present = new ArrayList<>();
            for (int source = 1; source <= 4; source++) {
                if ((mask & (1 << (source - 1))) != 0) {
                    present.add(source);
                }
            }
            return Arguments.of(present);
        });
    }

    @Test
    void sourcesMergeKeyByKey() throws Exception {
        Path system = file("system.conf", "name = \"sys\"\n[peer]\nheartbeat_interval = 70\n");
        Path conf = file("etcd.conf", "addr = \"127.0.0.1:4101\"\n[peer]\nelection_timeout = 700\n");
        ServerConfig c = run(system, Map.of("ETCD_PEER_ADDR", "127.0.0.1:7101"), "-config", conf.toString())
                .config();
        assertEquals("sys", c.name());
        assertEquals("http://127.0.0.1:4101", c.client().listener().advertiseUrl());
        assertEquals("http://127.0.0.1:7101", c.peer().advertiseUrl());
        assertEquals(70, c.cluster().heartbeatMs());
        assertEquals(700, c.cluster().electionTimeoutMs());
    }

    @Test
    void etcdConfigNamesTheFileAndTheFlagWinsOverIt() throws Exception {
        Path a = file("a.conf", "name = \"from-a\"\n");
        Path b = file("b.conf", "name = \"from-b\"\n");
        assertEquals(
                "from-a",
                run(noSystemFile(), Map.of("ETCD_CONFIG", a.toString()))
                        .config()
                        .name());
        assertEquals(
                "from-b",
                run(noSystemFile(), Map.of("ETCD_CONFIG", a.toString()), "-config=" + b)
                        .config()
                        .name());
    }

    @Test
    void aMissingSystemFileIsFineAMissingConfigFileIsNot() throws Exception {
        assertEquals("a", run(noSystemFile(), Map.of(), "-name", "a").config().name());
        Path missing = dir.resolve("missing.conf");
        String message = refused(noSystemFile(), Map.of(), "-config", missing.toString());
        assertTrue(message.contains(missing.toString()) && message.contains("does not exist"), message);
        String viaEnv = refused(noSystemFile(), Map.of("ETCD_CONFIG", missing.toString()));
        assertTrue(viaEnv.contains(missing.toString()), viaEnv);
    }

    @Test
    void aBadSystemFileStopsStartUpNamingIt() throws Exception {
        Path system = file("etcd.conf", "name = \"a\"\nsnapshot_cont = 5\n");
        assertEquals(
                system + " line 2: unknown key \"snapshot_cont\" (etc/etcd.conf.example lists every key)",
                refused(system, Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void fileErrorsNameTheFileTheLineAndTheKey(String what, String text, String expectedAfterPath) throws Exception {
        Path conf = file("x.conf", text);
        String message = refused(noSystemFile(), Map.of(), "-config", conf.toString());
        assertTrue(
                message.contains(conf + expectedAfterPath),
                () -> "\"" + message + "\" should contain " + conf + expectedAfterPath);
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of(
                        "unknown key in a table",
                        "name = \"a\"\n\n[peer]\naddr = \"127.0.0.1:7001\"\n\n\nadr = \"x\"\n",
                        " line 7: unknown key \"peer.adr\""),
                Arguments.of("unknown table", "[peers]\naddr = \"x\"\n", " line 2: unknown key \"peers.addr\""),
                Arguments.of(
                        "a flag's name as a key",
                        "peer-addr = \"127.0.0.1:7001\"\n",
                        " line 1: unknown key \"peer-addr\" (-peer-addr is the key \"addr\" under [peer])"),
                Arguments.of(
                        "a flag's name with dashes",
                        "snapshot-count = 5\n",
                        " line 1: unknown key \"snapshot-count\" (-snapshot-count is the key \"snapshot_count\")"),
                Arguments.of("a flag without a key", "name = \"a\"\nforce = true\n", " line 2: unknown key \"force\""),
                Arguments.of(
                        "string for a number",
                        "\nsnapshot_count = \"lots\"\n",
                        " line 2 key \"snapshot_count\" must be a whole number, not the string \"lots\""),
                Arguments.of(
                        "fraction for a whole number",
                        "http_read_timeout = 2.5\n",
                        " line 1 key \"http_read_timeout\" must be a whole number, not the number 2.5"),
                Arguments.of(
                        "string for a boolean",
                        "snapshot = \"yes\"\n",
                        " line 1 key \"snapshot\" must be true or false"),
                Arguments.of(
                        "number for a list",
                        "cors = 5\n",
                        " line 1 key \"cors\" must be an array of strings, not the number 5"),
                Arguments.of(
                        "negative number",
                        "[cluster]\nactive_size = -3\n",
                        " line 2 key \"cluster.active_size\": a non-negative whole number is required"),
                Arguments.of(
                        "bad host:port",
                        "name = \"a\"\naddr = \"127.0.0.1:abc\"\n",
                        " line 2 key \"addr\": \"abc\" is not a port number"),
                Arguments.of(
                        "bad discovery URL",
                        "name = \"a\"\n\ndiscovery = \"discovery.etcd.io/x\"\n",
                        " line 3 key \"discovery\": an http:// or https:// URL"),
                Arguments.of(
                        "syntax error", "name = \"a\"\naddr = 127.0.0.1\n", " line 2: \"127.0.0.1\" is not a value"));
    }

    @Test
    void aCheckAcrossSettingsNamesEachSource() throws Exception {
        Path conf = file("x.conf", "name = \"a\"\n[peer]\nheartbeat_interval = 100\nelection_timeout = 150\n");
        String message = refused(noSystemFile(), Map.of(), "-config", conf.toString());
        assertEquals(
                conf + " line 4 key \"peer.election_timeout\" (150 ms) must be at least twice " + conf
                        + " line 3 key \"peer.heartbeat_interval\" (100 ms)",
                message);
        String mixed = refused(noSystemFile(), Map.of(), "-config", conf.toString(), "-peer-heartbeat-interval", "90");
        assertTrue(mixed.contains("must be at least twice -peer-heartbeat-interval (90 ms)"), mixed);
    }

    /** 4294967297 s used to wrap to 1 s when narrowed to an int: an idle timeout far shorter than asked. */
    @Test
    void aReadTimeoutTooLargeForThePortIsRefused() throws Exception {
        Path conf = file("x.conf", "name = \"a\"\nhttp_read_timeout = 4294967297\n");
        String message = refused(noSystemFile(), Map.of(), "-config", conf.toString());
        assertTrue(message.contains(conf + " line 2 key \"http_read_timeout\": choose between 0"), message);
        assertEquals(
                86_400,
                run(noSystemFile(), Map.of(), "-name", "a", "-http-read-timeout", "86400")
                        .config()
                        .client()
                        .readTimeoutSeconds());
    }

    @Test
    void thisBuildsOwnFlagsAreKeysToo() throws Exception {
        Path conf = file(
                "x.conf", "name = \"a\"\nmax_connections = 77\nhttp_header_timeout = 4\nmax_request_bytes = 2048\n");
        ServerConfig c =
                run(noSystemFile(), Map.of(), "-config", conf.toString()).config();
        assertEquals(new ServerConfig.ClientLimits(77, 4), c.client().limits());
        assertEquals(2048, c.client().maxRequestBytes());
    }

    @Test
    void listsAndDecimalsFromAFile() throws Exception {
        Path conf = file("x.conf", """
                name = "a"
                cors = ["http://a.example:8080", "*"]
                peers = ["127.0.0.1:7002", "127.0.0.1:7003"]
                http_read_timeout = 30.0
                [cluster]
                remove_delay = 2.5
                sync_interval = 3
                """);
        ServerConfig c =
                run(noSystemFile(), Map.of(), "-config", conf.toString()).config();
        assertEquals(List.of("http://a.example:8080", "*"), c.client().corsOrigins());
        assertEquals(List.of("127.0.0.1:7002", "127.0.0.1:7003"), c.cluster().peers());
        assertEquals(30, c.client().readTimeoutSeconds());
        assertEquals(2.5, c.cluster().activeSet().removeDelaySeconds());
        assertEquals(3.0, c.cluster().activeSet().syncIntervalSeconds());
    }

    @Test
    void aPeersFileFlagReplacesPeersFromAFile() throws Exception {
        Path system = file("system.conf", "peers = [\"127.0.0.1:7002\"]\n");
        Path peersFile = file("peers", "127.0.0.1:7009\n");
        ServerConfig c = run(system, Map.of(), "-name", "a", "-peers-file", peersFile.toString())
                .config();
        assertEquals(List.of("127.0.0.1:7009"), c.cluster().peers());
        // Within one source both at once is still a mistake.
        Path both = file("both.conf", "peers = [\"127.0.0.1:7002\"]\npeers_file = \"" + peersFile + "\"\n");
        String message = refused(noSystemFile(), Map.of(), "-name", "a", "-config", both.toString());
        assertTrue(message.contains("not both"), message);
    }

    /** etcd 0.4.6's LoadEnv: a boolean variable is true unless it is 0 or false; an empty variable is not set. */
    @Test
    void environmentBooleansAndEmptyVariablesAsIn046() throws Exception {
        assertTrue(run(noSystemFile(), Map.of("ETCD_VERBOSE", "yes"), "-name", "a")
                .config()
                .logging()
                .verbose());
        assertFalse(run(noSystemFile(), Map.of("ETCD_SNAPSHOT", "0"), "-name", "a")
                .config()
                .storage()
                .snapshot());
        assertFalse(run(noSystemFile(), Map.of("ETCD_SNAPSHOT", "false"), "-name", "a")
                .config()
                .storage()
                .snapshot());
        assertFalse(
                run(noSystemFile(), Map.of("ETCD_FORCE", ""), "-name", "a")
                        .config()
                        .storage()
                        .force(),
                "an empty ETCD_FORCE must not wipe the data dir");
        assertEquals(
                "a",
                run(noSystemFile(), Map.of("ETCD_NAME", "  "), "-name", "a")
                        .config()
                        .name());
    }

    @Test
    void environmentListsAreCommaSeparated() throws Exception {
        ServerConfig c = run(
                        noSystemFile(),
                        Map.of("ETCD_PEERS", "127.0.0.1:7002, 127.0.0.1:7003", "ETCD_CORS", "http://a.example,*"),
                        "-name",
                        "a")
                .config();
        assertEquals(List.of("127.0.0.1:7002", "127.0.0.1:7003"), c.cluster().peers());
        assertEquals(List.of("http://a.example", "*"), c.client().corsOrigins());
    }

    /** The tutorial's cloud-config stub (20-cloudinit.conf) configures a member by environment alone. */
    @Test
    void theTutorialsCloudConfigStub() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ETCD_ADDR", "10.132.248.118:4001");
        env.put("ETCD_DISCOVERY", "https://discovery.etcd.io/dcadc5d4d42328488ecdcd7afae5f57c");
        env.put("ETCD_NAME", "921a7241c31a499a97d43f785108b17c");
        env.put("ETCD_PEER_ADDR", "10.132.248.118:7001");
        ServerConfig c = run(noSystemFile(), env).config();
        assertEquals("921a7241c31a499a97d43f785108b17c", c.name());
        assertEquals(Path.of("921a7241c31a499a97d43f785108b17c.etcd"), c.dataDir());
        assertEquals("http://10.132.248.118:4001", c.client().listener().advertiseUrl());
        assertEquals("http://10.132.248.118:7001", c.peer().advertiseUrl());
        assertEquals(
                "https://discovery.etcd.io/dcadc5d4d42328488ecdcd7afae5f57c",
                c.cluster().discoveryUrl());
    }
}
