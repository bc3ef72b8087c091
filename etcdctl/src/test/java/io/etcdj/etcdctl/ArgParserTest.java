package io.etcdj.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgParserTest {
    private static final List<Flag> SPECS = List.of(
            Flag.bool("recursive", "", "r"), Flag.value("ttl", "N", ""), Flag.value("output", "f", "", "o"));

    @Test
    void flagsBeforeAndAfterPositionals() throws UsageException {
        ParsedArgs a = ArgParser.parse(SPECS, List.of("/k", "--recursive", "--ttl", "5", "v"), false);
        assertEquals(List.of("/k", "v"), a.positionals);
        assertTrue(a.has("recursive"));
        assertEquals(5L, a.number("ttl"));
    }

    @Test
    void goFlagSpellings() throws UsageException {
        ParsedArgs a = ArgParser.parse(SPECS, List.of("-ttl=7", "-r", "-o", "json"), false);
        assertEquals("7", a.get("ttl"));
        assertTrue(a.has("recursive"));
        assertEquals("json", a.get("output"));
        assertTrue(!ArgParser.parse(SPECS, List.of("--recursive=false"), false).has("recursive"));
    }

    @Test
    void doubleDashEndsFlags() throws UsageException {
        ParsedArgs a = ArgParser.parse(SPECS, List.of("/k", "--", "echo", "-r"), false);
        assertEquals(List.of("/k", "echo", "-r"), a.positionals);
        assertTrue(!a.has("recursive"));
    }

    @Test
    void globalSegmentStopsAtTheCommand() throws UsageException {
        ParsedArgs a = ArgParser.parse(SPECS, List.of("-o", "extended", "get", "/k", "--bogus"), true);
        assertEquals("extended", a.get("output"));
        assertEquals(List.of("get", "/k", "--bogus"), a.rest);
    }

    @Test
    void errors() {
        assertEquals("flag provided but not defined: -x",
                assertThrows(UsageException.class, () -> ArgParser.parse(SPECS, List.of("-x"), false)).getMessage());
        assertEquals("flag needs an argument: -ttl",
                assertThrows(UsageException.class, () -> ArgParser.parse(SPECS, List.of("--ttl"), false)).getMessage());
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
