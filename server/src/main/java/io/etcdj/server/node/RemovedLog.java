package io.etcdj.server.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The data dir of a member the cluster removed, made ready for it to run as a standby: its log ({@code wal/}) and
 * snapshots ({@code snap/}) are moved into {@code <data-dir>/removed-<UTC time>/}, never deleted (an operator may want
 * them), and {@code standby_info} records the cluster as it was last seen. The member then rejoins with a fresh log,
 * as etcd 0.4.6's standby did.
 *
 * <p>The steps are ordered so that a crash between any two leaves a data dir that starts up sensibly: the snapshots
 * go first (a log without them replays the removal again, or, if compacted, stops start-up saying so), then
 * standby_info is written (beside a log it is taken for a promotion's leftover and removed, so the log is replayed),
 * and the log goes last: only then is the data dir a standby's. Each step is fsynced.
 */
final class RemovedLog {
    static final String PREFIX = "removed-";
    /** Removals of one member within one second are rare; past this many the move fails (a loop gone wrong). */
    static final int MAX_SAME_SECOND = 100;

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RemovedLog() {}

    /**
     * Moves the log and snapshots aside and writes {@code info} as the data dir's standby_info.
     *
     * @return the directory now holding the old log and snapshots
     * @throws IOException saying which step failed; the data dir is then in one of the states described above
     */
    static Path moveAside(Path dataDir, StandbyInfo info, Instant now) throws IOException {
        Path target = createTarget(dataDir, now);
        move(dataDir.resolve("snap"), target.resolve("snap"));
        fsyncDirectory(target);
        fsyncDirectory(dataDir);
        try {
            info.write(dataDir);
        } catch (IOException e) {
            throw new IOException("cannot write " + StandbyInfo.file(dataDir) + ": " + e, e);
        }
        move(dataDir.resolve("wal"), target.resolve("wal"));
        fsyncDirectory(target);
        fsyncDirectory(dataDir);
        return target;
    }

    private static Path createTarget(Path dataDir, Instant now) throws IOException {
        String stamp = PREFIX + STAMP.format(now);
        for (int i = 0; i < MAX_SAME_SECOND; i++) {
            Path candidate = dataDir.resolve(i == 0 ? stamp : stamp + "-" + i);
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException taken) {
                // another removal this second: try the next name
            }
        }
        throw new IOException("cannot create " + dataDir.resolve(stamp) + ": " + MAX_SAME_SECOND
                + " directories of that name exist already");
    }

    private static void move(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException("cannot move " + from + " to " + to + ": " + e, e);
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
