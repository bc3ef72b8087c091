package io.etcdj.server.backup;

import io.etcdj.server.cluster.RestoredBackup;
import io.etcdj.server.wal.DurableFiles;
import io.etcdj.server.wal.FileTrees;
import io.etcdj.server.wal.Snapshot;
import io.etcdj.server.wal.SnapshotFiles;
import io.etcdj.server.wal.Wal;
import io.etcdj.store.NodeView;
import io.etcdj.store.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;

/**
 * {@code etcdctl backup --data-dir <dir> --backup-dir <dir>}: writes the source's keyspace at its last committed
 * index into a new data dir (a snapshot at that index, so every modifiedIndex is kept, and an empty WAL) that a
 * member started with any -name serves as a new cluster of one (see {@link RestoredBackup}). The source may be in
 * use by a running member: it is only read. The new dir is built next to --backup-dir and renamed into place once
 * complete and fsynced, so a crash never leaves a half backup under that name.
 *
 * <p>etcdctl calls {@link #run} by name (it does not link the server); the exit codes are etcdctl's: 0 done, 1 bad
 * arguments (a missing flag, a --backup-dir that is not empty), 4 the source cannot be read (the message names the
 * file) or the backup cannot be written.
 */
public final class Backup {
    static final int SUCCESS = 0;
    static final int BAD_ARGS = 1;
    static final int FAILED = 4;
    /** A running member may delete a segment or snapshot we listed (compaction) or extend the tail as we read it. */
    private static final int READ_ATTEMPTS = 3;
    /** The first segment of the backup's WAL; the member uses its usual size for the next ones. */
    private static final long FIRST_SEGMENT_BYTES = 1L << 20;

    private Backup() {}

    /** @return the exit code; the outcome or the error (one line, "Error:  ...") is printed. */
    public static int run(String dataDir, String backupDir, PrintStream out, PrintStream err) {
        if (dataDir == null || dataDir.isEmpty() || backupDir == null || backupDir.isEmpty()) {
            err.println("Error:  backup needs --data-dir <member's data dir> and --backup-dir <new dir>");
            return BAD_ARGS;
        }
        Path source = Path.of(dataDir);
        Path target = Path.of(backupDir).toAbsolutePath().normalize();
        String refused = refusal(source, target);
        if (refused != null) {
            err.println("Error:  " + refused);
            return BAD_ARGS;
        }
        try {
            SourceState state = readConsistently(source);
            long keys = countKeys(state);
            write(state, source, target);
            out.println("backed up " + keys + " keys at index " + state.index() + " from " + source + " to " + target);
            return SUCCESS;
        } catch (IOException | RuntimeException e) {
            err.println("Error:  " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return FAILED;
        }
    }

    private static String refusal(Path source, Path target) {
        if (!Files.isDirectory(source)) {
            return "--data-dir " + source + " is not a directory";
        }
        if (!Files.isDirectory(source.resolve("wal")) && !Files.isDirectory(source.resolve("snap"))) {
            return "--data-dir " + source + " holds no etcd data (no wal/ or snap/ directory)";
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                return "--backup-dir " + target + " exists and is not a directory";
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
                if (entries.iterator().hasNext()) {
                    return "--backup-dir " + target + " is not empty; give a new or empty directory";
                }
            } catch (IOException e) {
                return "--backup-dir " + target + " cannot be read: " + e.getMessage();
            }
        } else if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            return "the directory --backup-dir " + target + " would be created in does not exist";
        }
        return null;
    }

    /** The same error READ_ATTEMPTS times is damage, not a race with the running member. */
    private static SourceState readConsistently(Path source) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            try {
                return SourceState.read(source, Clock.systemUTC());
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void write(SourceState state, Path source, Path target) throws IOException {
        Path parent = target.getParent();
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".backup-");
        boolean done = false;
        try {
            byte[] image = RestoredBackup.imageWithoutMembers(state.store());
            new SnapshotFiles(tmp.resolve("snap")).save(new Snapshot(state.index(), state.term(), image));
            Wal.create(tmp.resolve("wal"), state.index(), state.term(), FIRST_SEGMENT_BYTES)
                    .close();
            DurableFiles.fsyncDirectory(tmp.resolve("wal"));
            RestoredBackup.writeMarker(tmp, source, state.index(), state.term());
            DurableFiles.fsyncDirectory(tmp);
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(target); // empty, checked before; a rename cannot replace a directory portably
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.fsyncDirectory(parent);
            done = true;
        } finally {
            if (!done) {
                try {
                    FileTrees.delete(tmp);
                } catch (IOException leftBehind) {
                    // best effort: the error that got us here is the one to report; a hidden temp dir may remain
                }
            }
        }
    }

    /** Keys (not directories) outside etcd's own /_etcd. */
    private static long countKeys(SourceState state) {
        try {
            return count(state.store().get("/", true, false).node());
        } catch (StoreException e) {
            return 0;
        }
    }

    private static long count(NodeView node) {
        if (!node.dir()) {
            return 1;
        }
        long n = 0;
        if (node.nodes() != null) {
            for (NodeView child : node.nodes()) {
                if (!"/_etcd".equals(child.key())) {
                    n += count(child);
                }
            }
        }
        return n;
    }
}
