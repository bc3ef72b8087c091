package io.etcdj.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilePermissionsTest {
    @TempDir
    Path dir;

    private Path keyWithMode(String mode) throws Exception {
        Path key = dir.resolve("server.key");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
        return key;
    }

    @Test
    void aKeyReadableByOthersOrItsGroupIsWarnedAboutWithTheFix() throws Exception {
        for (String mode : new String[] {"rw-r--r--", "rw-r-----", "r--r--r--", "rw----r--"}) {
            Path key = keyWithMode(mode);
            Optional<String> warning = KeyFilePermissions.warnIfReadableByOthers(key, "the client port");
            assertTrue(warning.isPresent(), mode);
            assertTrue(
                    warning.get().contains(key.toString())
                            && warning.get().contains("chmod 600 " + key)
                            && warning.get().contains("the client port"),
                    warning.get());
            Files.delete(key);
        }
        Path key = keyWithMode("rw-r--r--");
        assertTrue(KeyFilePermissions.check(key, "x").orElseThrow().contains("mode 0644"));
    }

    @Test
    void anOwnerOnlyKeyOrAMissingOneGivesNoWarning() throws Exception {
        assertEquals(Optional.empty(), KeyFilePermissions.check(keyWithMode("rw-------"), "x"));
        Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("r--------"));
        assertEquals(Optional.empty(), KeyFilePermissions.check(dir.resolve("server.key"), "x"));
        assertEquals(Optional.empty(), KeyFilePermissions.check(dir.resolve("missing.key"), "x"));
        assertEquals(Optional.empty(), KeyFilePermissions.check(null, "x"));
    }
}
