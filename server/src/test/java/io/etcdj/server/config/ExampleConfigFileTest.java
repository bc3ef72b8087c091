package io.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etc/etcd.conf.example: it parses as shipped, it shows every key, and its commented-out keys parse too. */
class ExampleConfigFileTest {
    /** Surefire runs in the module directory (server/); the example is at the repository root. */
    private static final Path EXAMPLE = Path.of("..", "etc", "etcd.conf.example");

    @TempDir
    Path dir;

    private Flags.Outcome.Run load(Path file) throws ConfigException {
        return assertInstanceOf(
                Flags.Outcome.Run.class,
                Flags.parse(new String[] {"-config", file.toString()}, Map.of(), dir.resolve("none")));
    }

    @Test
    void parsesAsShippedWithoutWarnings() throws Exception {
        Flags.Outcome.Run run = load(EXAMPLE);
        assertEquals(List.of(), run.warnings());
        assertEquals("machine0", run.config().name());
        assertEquals("http://127.0.0.1:4001", run.config().client().listener().advertiseUrl());
        assertEquals(ServerConfig.ActiveSet.DEFAULTS, run.config().cluster().activeSet());
    }

    @Test
    void showsEveryKey() throws Exception {
        List<String> shown = new ArrayList<>();
        String table = "";
        for (String line : Files.readAllLines(EXAMPLE)) {
            String l = line.strip();
            if (l.matches("\\[[a-z_]+]")) {
                table = l.substring(1, l.length() - 1) + ".";
            } else if (l.matches("#? ?[a-z_]+ = .*")) {
                shown.add(table + l.replaceFirst("^# ?", "").split(" ")[0]);
            }
        }
        for (String key : ConfigFile.KEYS.keySet()) {
            assertTrue(shown.contains(key), () -> "etc/etcd.conf.example does not show key " + key);
        }
    }

    @Test
    void itsCommentedKeysParseWhenUncommented() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(EXAMPLE)) {
            // "# key = value" lines are settings shown disabled; "# e.g. key = value" lines are alternatives.
            lines.add(line.matches("# [a-z_]+ = .*") ? line.substring(2) : line);
        }
        Path uncommented = dir.resolve("all.conf");
        Files.write(uncommented, lines);
        Flags.Outcome.Run run = load(uncommented);
        assertEquals(
                LegacyFlags.NO_EFFECT.size() - 1,
                run.warnings().size(),
                () -> run.warnings().toString());
    }
}
