package io.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.etcdj.raft.rafttest.InteractionEnv;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden transcripts: each {@code testdata/*.txt} is a list of blocks, a command line, a {@code ----} line, then
 * the expected output up to a blank line ({@code #} lines before a command are comments). The whole regenerated
 * file must equal the stored one. {@code mvn -o -q -pl raft test -Dtest=InteractionTest -Drewrite=true} rewrites
 * the files under {@code src/test/resources/testdata} with the actual output; review the diff before committing.
 */
class InteractionTest {
    private static final String SEPARATOR = "----";

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException, URISyntaxException {
        URL dir = getClass().getClassLoader().getResource("testdata");
        List<Path> files;
        try (Stream<Path> s = Files.list(Paths.get(dir.toURI()))) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no testdata scripts found");
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(Path file) throws IOException {
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        String actual = replay(expected);
        if (Boolean.getBoolean("rewrite")) {
            Path source = Paths.get(
                    "src", "test", "resources", "testdata", file.getFileName().toString());
            Files.writeString(source, actual, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(
                expected,
                actual,
                "transcript " + file.getFileName() + " differs; regenerate with -Drewrite=true and review the diff");
    }

    /** Re-runs every command of a script and returns the script with the actual outputs. */
    static String replay(String script) {
        InteractionEnv env = new InteractionEnv();
        StringBuilder result = new StringBuilder();
        List<String> lines = script.lines().toList();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                result.append(line).append('\n');
                i++;
                continue;
            }
            String command = line;
            i++;
            if (i >= lines.size() || !lines.get(i).equals(SEPARATOR)) {
                throw new IllegalArgumentException(
                        "line " + i + ": expected " + SEPARATOR + " after '" + command + "'");
            }
            i++;
            while (i < lines.size() && !lines.get(i).isBlank()) {
                i++; // skip the old output
            }
            String output;
            try {
                output = env.run(command);
            } catch (RuntimeException e) {
                output = "error: " + e;
            }
            result.append(command)
                    .append('\n')
                    .append(SEPARATOR)
                    .append('\n')
                    .append(output)
                    .append('\n');
        }
        return result.toString();
    }
}
