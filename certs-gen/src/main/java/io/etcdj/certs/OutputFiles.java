package io.etcdj.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Writes certificates (mode 0644) and private keys (mode 0600). Each file is first written to a temporary file that
 * already has its final mode, then renamed into place: a key is never readable by others, not even for an instant,
 * and a crash never leaves half a file.
 */
final class OutputFiles {
    private static final String PUBLIC = "rw-r--r--";
    private static final String PRIVATE = "rw-------";

    private OutputFiles() {}

    /** Fails before writing anything if one of {@code files} exists and {@code force} is off. */
    static void checkOverwrite(List<Path> files, boolean force) throws IOException {
        if (force) {
            return;
        }
        for (Path file : files) {
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file + " already exists (use --force to overwrite)");
            }
        }
    }

    static void writePublic(Path file, String content) throws IOException {
        write(file, content, PUBLIC);
    }

    static void writePrivate(Path file, String content) throws IOException {
        write(file, content, PRIVATE);
    }

    private static void write(Path file, String content, String mode) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attributes);
        try {
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            if (posix) {
                // createTempFile's mode is filtered by the umask; set it again so a 0644 certificate is really 0644.
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
