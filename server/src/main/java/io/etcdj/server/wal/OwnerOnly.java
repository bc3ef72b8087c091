package io.etcdj.server.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything under the data dir is readable by its owner only: the log and snapshots hold every key and value,
 * including what clients meant to keep secret. Directories are created 0700 and files 0600 (as etcd's
 * {@code fileutil.PrivateDirMode}/{@code PrivateFileMode}); a directory found looser is tightened, with an INFO line.
 * On a file system without POSIX permissions these are no-ops.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);
    /** Permission of each mode bit, from 0400 down to 0001. */
    private static final PosixFilePermission[] MODE_BITS = {
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE,
    };

    private OwnerOnly() {}

    /** Creates dir (and missing parents) 0700, or tightens an existing dir that is looser than 0700. */
    public static void directory(Path dir) throws IOException {
        if (!posix(dir.getFileSystem())) {
            Files.createDirectories(dir);
            return;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
        }
        String was = tighten(dir, DIR);
        if (was != null) {
            LOG.info("{} was mode {}; set it to 0700 (it holds the keyspace, which only this user may read)", dir, was);
        }
    }

    /** Sets files in dir that are looser than 0600 (made by an earlier build) to 0600, with one INFO line. */
    public static void files(Path dir, List<Path> files) throws IOException {
        int changed = 0;
        for (Path file : files) {
            changed += tighten(file, FILE) == null ? 0 : 1;
        }
        if (changed > 0) {
            LOG.info("set {} file(s) in {} to mode 0600: they were readable by other users", changed, dir);
        }
    }

    /** Opens a file with the given options; if the open creates it, it is created 0600. */
    public static FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        if (!posix(file.getFileSystem())) {
            return FileChannel.open(file, options);
        }
        return FileChannel.open(file, options, fileAttribute());
    }

    /** Sets path's permissions to wanted if they differ; returns the old mode (e.g. "0755"), or null if unchanged. */
    private static String tighten(Path path, Set<PosixFilePermission> wanted) throws IOException {
        if (!posix(path.getFileSystem())) {
            return null;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
        if (now.equals(wanted)) {
            return null;
        }
        Files.setPosixFilePermissions(path, wanted);
        return octal(now);
    }

    /** The 0600 creation attribute for {@link Files}/{@link FileChannel} calls. */
    static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }

    static boolean posix(FileSystem fs) {
        return fs.supportedFileAttributeViews().contains("posix");
    }

    /** A permission set as the usual 4-digit octal, e.g. 0644. */
    public static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (int bit = 0; bit < MODE_BITS.length; bit++) {
            if (perms.contains(MODE_BITS[bit])) {
                mode |= 0400 >> bit;
            }
        }
        return String.format("%04o", mode);
    }
}
