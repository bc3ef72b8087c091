package io.etcdj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Go flag syntax etcdctl's users type, and the two policies for a flag given twice. */
class ArgParserTest {
    private static final List<Flag> SPECS = List.of(
            Flag.bool("recursive", "", "r"),
            Flag.value("ttl", "N", ""),
            Flag.value("output", "f", "", "o"),
            Flag.value("endpoints", "value", "", "C").repeated());
    private static final ArgParser GO = new ArgParser(SPECS, ArgParser.Repeats.LAST_WINS);
    private static final ArgParser STRICT = new ArgParser(SPECS, ArgParser.Repeats.REFUSED);

    @Test
    void flagsBeforeAndAfterPositionals() throws ArgException {
        ParsedArgs a = GO.parse(List.of("/k", "--recursive", "--ttl", "5", "v"));
        assertEquals(List.of("/k", "v"), a.positionals());
        assertTrue(a.isTrue("recursive"));
        assertEquals("5", a.value("ttl"));
        assertEquals("v", a.positional(1));
        assertNull(a.positional(2));
    }

    @Test
    void goSpellings() throws ArgException {
        ParsedArgs a = GO.parse(List.of("-ttl=7", "-r", "-o", "json"));
        assertEquals("7", a.value("ttl"));
        assertTrue(a.isTrue("recursive"));
        assertEquals("json", a.value("output"));
        ParsedArgs off = GO.parse(List.of("--recursive=false"));
        assertTrue(off.has("recursive"));
        assertFalse(off.isTrue("recursive"));
        assertEquals("", GO.parse(List.of("--output=")).value("output"));
    }

    @Test
    void aSwitchNeverTakesTheNextArgumentAndAValueFlagAlwaysDoes() throws ArgException {
        ParsedArgs a = GO.parse(List.of("--recursive", "false", "--ttl", "-5", "-", "--output", "--recursive"));
        assertTrue(a.isTrue("recursive"));
        assertEquals(List.of("false", "-"), a.positionals());
        assertEquals("-5", a.value("ttl"));
        assertEquals("--recursive", a.value("output"));
    }

    @Test
    void doubleDashEndsFlags() throws ArgException {
        ParsedArgs a = GO.parse(List.of("/k", "--", "echo", "-r"));
        assertEquals(List.of("/k", "echo", "-r"), a.positionals());
        assertFalse(a.has("recursive"));
    }

    @Test
    void stopsAtTheFirstPositionalWhenAsked() throws ArgException {
        ParsedArgs a = GO.parseUntilFirstPositional(List.of("-o", "extended", "get", "/k", "--bogus"));
        assertEquals("extended", a.value("output"));
        assertEquals(List.of("get", "/k", "--bogus"), a.rest());
        assertEquals(List.of(), a.positionals());
    }

    @Test
    void repeats() throws ArgException {
        assertEquals("8", GO.parse(List.of("-ttl=7", "--ttl", "8")).value("ttl"));
        ArgException twice = assertThrows(ArgException.class, () -> STRICT.parse(List.of("-ttl=7", "--ttl", "8")));
        assertEquals(ArgException.Problem.REPEATED_FLAG, twice.problem());
        assertEquals("ttl", twice.flag());
        assertTrue(STRICT.parse(List.of("-r", "--recursive")).isTrue("recursive"), "a switch twice is one switch");
        for (ArgParser parser : List.of(GO, STRICT)) {
            ParsedArgs a = parser.parse(List.of("-C", "a", "--endpoints=b", "-C", "c"));
            assertEquals(List.of("a", "b", "c"), a.values("endpoints"));
            assertEquals("c", a.value("endpoints"));
        }
    }

    @Test
    void errorsNameTheFlagAsTyped() {
        ArgException unknown = assertThrows(ArgException.class, () -> GO.parse(List.of("/k", "--bogus=1")));
        assertEquals(ArgException.Problem.UNKNOWN_FLAG, unknown.problem());
        assertEquals("bogus", unknown.flag());
        assertEquals("flag provided but not defined: -bogus", unknown.getMessage());
        ArgException missing = assertThrows(ArgException.class, () -> GO.parse(List.of("-o")));
        assertEquals(ArgException.Problem.MISSING_VALUE, missing.problem());
        assertEquals("flag needs an argument: -o", missing.getMessage());
    }

    @Test
    void theEarlierFlagWinsASharedNameAndFallbacksFillTheRest() throws ArgException {
        ArgParser parser = new ArgParser(
                List.of(Flag.bool("sort", "", "s"), Flag.value("size", "N", "", "s")), ArgParser.Repeats.LAST_WINS);
        ParsedArgs a = parser.parse(List.of("-s"));
        assertTrue(a.isTrue("sort"));
        ParsedArgs global = GO.parse(List.of("-o", "json", "--ttl", "1"));
        ParsedArgs merged = GO.parse(List.of("--ttl", "2", "/k")).withFallback(global);
        assertEquals("2", merged.value("ttl"));
        assertEquals("json", merged.value("output"));
        assertEquals(List.of("/k"), merged.positionals());
    }
}
