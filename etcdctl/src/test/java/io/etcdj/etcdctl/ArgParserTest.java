package io.etcdj.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.cli.ArgException;
import io.etcdj.cli.ArgParser;
import io.etcdj.cli.Flag;
import io.etcdj.cli.ParsedArgs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** etcdctl's flag syntax (the shared parser with Go's last-wins rule) and its Go flag-package error lines. */
class ArgParserTest {
    private static final List<Flag> SPECS =
            List.of(Flag.bool("recursive", "", "r"), Flag.value("ttl", "N", ""), Flag.value("output", "f", "", "o"));

    private static ParsedArgs parse(List<String> args, boolean stopAtPositional) throws ArgException {
        ArgParser parser = new ArgParser(SPECS, ArgParser.Repeats.LAST_WINS);
        return stopAtPositional ? parser.parseUntilFirstPositional(args) : parser.parse(args);
    }

    @Test
    void flagsBeforeAndAfterPositionals() throws ArgException {
        ParsedArgs a = parse(List.of("/k", "--recursive", "--ttl", "5", "v"), false);
        assertEquals(List.of("/k", "v"), a.positionals());
        assertTrue(a.isTrue("recursive"));
        assertEquals("5", a.value("ttl"));
    }

    @Test
    void goFlagSpellings() throws ArgException {
        ParsedArgs a = parse(List.of("-ttl=7", "-r", "-o", "json"), false);
        assertEquals("7", a.value("ttl"));
        assertTrue(a.isTrue("recursive"));
        assertEquals("json", a.value("output"));
        assertTrue(!parse(List.of("--recursive=false"), false).isTrue("recursive"));
    }

    @Test
    void doubleDashEndsFlags() throws ArgException {
        ParsedArgs a = parse(List.of("/k", "--", "echo", "-r"), false);
        assertEquals(List.of("/k", "echo", "-r"), a.positionals());
        assertTrue(!a.isTrue("recursive"));
    }

    @Test
    void globalSegmentStopsAtTheCommand() throws ArgException {
        ParsedArgs a = parse(List.of("-o", "extended", "get", "/k", "--bogus"), true);
        assertEquals("extended", a.value("output"));
        assertEquals(List.of("get", "/k", "--bogus"), a.rest());
    }

    @Test
    void errors() {
        assertEquals(
                "flag provided but not defined: -x",
                assertThrows(ArgException.class, () -> parse(List.of("-x"), false))
                        .getMessage());
        assertEquals(
                "flag needs an argument: -ttl",
                assertThrows(ArgException.class, () -> parse(List.of("--ttl"), false))
                        .getMessage());
        assertEquals(
                new Ctl.Result(1, "", "Error:  flag needs an argument: -ttl\nRun 'etcdctl --help' for usage.\n"),
                new Ctl("http://127.0.0.1:1").run("set", "/k", "v", "--ttl"));
    }

    @Test
    void goDurations() throws UsageException {
        assertEquals(Duration.ofSeconds(2), GoDurations.parse("2s", null, "t"));
        assertEquals(Duration.ofMillis(1500), GoDurations.parse("1.5s", null, "t"));
        assertEquals(Duration.ofSeconds(90), GoDurations.parse("1m30s", null, "t"));
        assertEquals(Duration.ofMillis(250), GoDurations.parse("250ms", null, "t"));
        assertThrows(UsageException.class, () -> GoDurations.parse("2", null, "t"));
        assertThrows(UsageException.class, () -> GoDurations.parse("2sx", null, "t"));
    }

    @Test
    void keyPathsAreEncodedPerSegment() {
        assertEquals("/v2/keys/a%20b/c%3Fd", EtcdClient.keyPath("a b/c?d"));
        assertEquals("/v2/keys/", EtcdClient.keyPath("/"));
    }
}
