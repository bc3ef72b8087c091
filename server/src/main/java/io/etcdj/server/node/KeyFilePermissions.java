package io.etcdj.server.node;

import io.etcdj.server.wal.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS private key (-key-file, -peer-key-file) that other users can read lets them impersonate this member to
 * clients or to the other members. etcd 0.4.6 said nothing; this warns at start-up (and goes on: refusing would stop
 * a cluster whose keys were deployed this way on upgrade), naming the file and the fix.
 */
final class KeyFilePermissions {
    private static final Logger LOG = LoggerFactory.getLogger(KeyFilePermissions.class);

    private KeyFilePermissions() {}

    /** Logs a WARN if keyFile is readable by group or others; returns that warning (empty when all is well). */
    static Optional<String> warnIfReadableByOthers(Path keyFile, String usedFor) {
        Optional<String> warning = check(keyFile, usedFor);
        warning.ifPresent(LOG::warn);
        return warning;
    }

    static Optional<String> check(Path keyFile, String usedFor) {
        if (keyFile == null
                || !keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Optional.empty();
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(keyFile);
        } catch (IOException e) {
            return Optional.empty(); // missing or unreadable: loading the key reports that, naming the file
        }
        if (!perms.contains(PosixFilePermission.GROUP_READ) && !perms.contains(PosixFilePermission.OTHERS_READ)) {
            return Optional.empty();
        }
        return Optional.of("TLS private key " + keyFile + " (" + usedFor + ") is readable by "
                + (perms.contains(PosixFilePermission.OTHERS_READ) ? "other users" : "its group")
                + " (mode " + OwnerOnly.octal(perms) + "): anyone who can read it can impersonate this member;"
                + " restrict it with: chmod 600 " + keyFile);
    }
}
