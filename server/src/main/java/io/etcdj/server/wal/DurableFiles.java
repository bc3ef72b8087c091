package io.etcdj.server.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The one way files and directory entries under the data dir are made to survive a power loss: a file's contents are
 * fsynced before it is renamed into place, and the directory is fsynced after every create, rename and delete in it
 * (without that, the file system may forget the entry even though the contents reached the disk).
 */
public final class DurableFiles {
    private DurableFiles() {}

    /** fsync of a directory, which makes creates, renames and deletes in it durable. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Replaces {@code file} with {@code contents} (owner-only, like everything in the data dir): written to
     * {@code <file>.tmp}, fsynced, renamed over the old file, then the directory fsynced. A crash at any point leaves
     * the old file or the new one, never part of one (a stale .tmp at most, overwritten by the next replace).
     */
    public static void replace(Path file, byte[] contents) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = OwnerOnly.open(
                temp,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))) {
            ByteBuffer bytes = ByteBuffer.wrap(contents);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(parentOf(file));
    }

    /** Deletes {@code file} if it exists and makes the deletion durable; whether there was a file. */
    public static boolean delete(Path file) throws IOException {
        if (!Files.deleteIfExists(file)) {
            return false;
        }
        fsyncDirectory(parentOf(file));
        return true;
    }

    private static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException(file + " has no parent directory");
        }
        return parent;
    }
}
