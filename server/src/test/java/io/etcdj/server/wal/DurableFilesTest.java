package io.etcdj.server.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir
    Path dir;

    @Test
    void replaceWritesAnOwnerOnlyFileAndLeavesNoTemporaryBehind() throws IOException {
        Path file = dir.resolve("standby_info");
        DurableFiles.replace(file, bytes("first"));
        DurableFiles.replace(file, bytes("second, longer than the first"));

        assertArrayEquals(bytes("second, longer than the first"), Files.readAllBytes(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> all = Files.list(dir)) {
            assertEquals(1, all.count(), "only the file itself");
        }
    }

    @Test
    void aTemporaryLeftByACrashIsOverwrittenNotAppendedTo() throws IOException {
        Path file = dir.resolve("votes_held");
        Files.write(dir.resolve("votes_held.tmp"), bytes("half of an earlier write that crashed, and more"));

        DurableFiles.replace(file, bytes("new"));

        assertArrayEquals(bytes("new"), Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve("votes_held.tmp")));
    }

    @Test
    void deleteSaysWhetherThereWasAFile() throws IOException {
        Path file = dir.resolve("marker");
        DurableFiles.replace(file, bytes("x"));

        assertTrue(DurableFiles.delete(file));
        assertFalse(Files.exists(file));
        assertFalse(DurableFiles.delete(file), "a second delete finds nothing");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
