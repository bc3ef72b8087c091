package io.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TomlSubsetTest {

    @Test
    void readsEtcd046sKindsOfValuesWithTheirLines() throws ConfigException {
        String text = """
                # a comment
                name = "m\\u00e9\\t1" # trailing comment
                data_dir = 'C:\\data'
                snapshot_count = 1_000
                retry_interval = 2.5
                snapshot = false

                peers = [
                  "10.0.0.1:7001", # first
                  "10.0.0.2:7001",
                ]
                [peer]
                  addr = "127.0.0.1:7001"
                [cluster]
                remove_delay = -1e3
                """;
        List<TomlSubset.Entry> entries = TomlSubset.parse(text, "x.conf");
        assertEquals(
                List.of(
                        new TomlSubset.Entry("name", "mé\t1", 2),
                        new TomlSubset.Entry("data_dir", "C:\\data", 3),
                        new TomlSubset.Entry("snapshot_count", 1000L, 4),
                        new TomlSubset.Entry("retry_interval", 2.5, 5),
                        new TomlSubset.Entry("snapshot", false, 6),
                        new TomlSubset.Entry("peers", List.of("10.0.0.1:7001", "10.0.0.2:7001"), 8),
                        new TomlSubset.Entry("peer.addr", "127.0.0.1:7001", 13),
                        new TomlSubset.Entry("cluster.remove_delay", -1000.0, 15)),
                entries);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void refusesWithTheLine(String what, String text, String expected) {
        String message = assertThrows(ConfigException.class, () -> TomlSubset.parse(text, "/tmp/x.conf"))
                .getMessage();
        assertTrue(message.startsWith(expected), () -> "\"" + message + "\" should start with " + expected);
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("unclosed string", "a = 1\nname = \"x\n", "/tmp/x.conf line 2: the string is not closed"),
                Arguments.of("bare word", "\n\nname = machine0\n", "/tmp/x.conf line 3: \"machine0\" is not a value"),
                Arguments.of("key set twice", "a = 1\n\na = 2\n", "/tmp/x.conf line 3: key \"a\" is set twice"),
                Arguments.of("table twice", "[peer]\n[cluster]\n[peer]\n", "/tmp/x.conf line 3: table [peer] appears"),
                Arguments.of("dotted key", "peer.addr = \"x\"\n", "/tmp/x.conf line 1: dotted keys are not supported"),
                Arguments.of("two values", "a = 1 2\n", "/tmp/x.conf line 1: unexpected '2'"),
                Arguments.of("mixed array", "a = [\n1,\n\"x\"]\n", "/tmp/x.conf line 3: an array's values"),
                Arguments.of("unclosed array", "a = [1,\n\n", "/tmp/x.conf line 3: the array is not closed"),
                Arguments.of("no value", "a =\n", "/tmp/x.conf line 1: a value is required"),
                Arguments.of("bad escape", "a = \"\\q\"\n", "/tmp/x.conf line 1: unknown escape \\q"),
                Arguments.of("inline table", "a = {b = 1}\n", "/tmp/x.conf line 1: inline tables"),
                Arguments.of("array of tables", "[[peer]]\n", "/tmp/x.conf line 1: arrays of tables"),
                Arguments.of("no =", "name \"x\"\n", "/tmp/x.conf line 1: expected '='"),
                Arguments.of("huge number", "a = 99999999999999999999\n", "/tmp/x.conf line 1: the number"));
    }
}
