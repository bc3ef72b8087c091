package io.etcdj.server.cluster;

import io.etcdj.peer.Member;
import io.etcdj.raft.ConfState;
import io.etcdj.raft.MemberIds;
import io.etcdj.server.wal.DurableFiles;
import io.etcdj.server.wal.Snapshot;
import io.etcdj.server.wal.SnapshotFiles;
import io.etcdj.store.Store;
import io.etcdj.store.StoreException;
import io.etcdj.store.V2Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data dir made by {@code etcdctl backup}: a snapshot of the keyspace with no members (neither Raft voters nor
 * /_etcd/machines entries, so nothing makes the restored member contact the old cluster), an empty WAL, and the file
 * {@value #FILE_NAME} saying so. The first member started on it, whatever its -name, adopts it: the snapshot is
 * rewritten at the same index with that member as the only voter and the only /_etcd/machines entry, and the marker
 * is removed; the member then restarts from the snapshot as a cluster of one (etcd 2's backup +
 * --force-new-cluster in one step).
 */
public final class RestoredBackup {
    public static final String FILE_NAME = "backup_info";
    private static final String FORMAT = "etcdj-backup";
    private static final int VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(RestoredBackup.class);

    private RestoredBackup() {}

    /** The snapshot image of a backup: the store without its members' records, and no voters. */
    public static byte[] imageWithoutMembers(Store store) {
        try {
            store.delete(MachinesDir.PATH, true, true);
        } catch (StoreException none) {
            // a store that never registered a member
        }
        return new SnapshotImage(ConfState.EMPTY, store.save()).encode();
    }

    /** Writes the marker in dataDir durably (see {@link DurableFiles#replace}). */
    public static void writeMarker(Path dataDir, Path source, long index, long term) throws IOException {
        String text = FORMAT + " " + VERSION + "\nsource=" + source.toAbsolutePath() + "\nindex=" + index + "\nterm="
                + term + "\n";
        DurableFiles.replace(dataDir.resolve(FILE_NAME), text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Called at start-up, before the data dir's storage is opened: if dataDir holds a backup, makes {@code self} its
     * only member (see the class comment). Idempotent: a crash before the marker is removed repeats the rewrite.
     */
    public static void adoptIfBackup(Path dataDir, Member self, Clock clock) throws IOException {
        Path marker = dataDir.resolve(FILE_NAME);
        if (!Files.exists(marker)) {
            return;
        }
        Map<String, String> info = readMarker(marker);
        Path snapDir = dataDir.resolve("snap");
        Optional<Snapshot> newest = SnapshotFiles.loadNewestIn(snapDir);
        if (newest.isEmpty()) {
            LOG.warn(
                    "{} says this data dir is a backup, but it holds no snapshot (removed by -f?); ignoring it",
                    marker);
            DurableFiles.delete(marker);
            return;
        }
        Snapshot snap = newest.get();
        SnapshotImage image;
        try {
            image = SnapshotImage.decode(snap.data());
        } catch (IllegalArgumentException e) {
            throw new IOException("the backup's snapshot in " + snapDir + " cannot be read: " + e.getMessage()
                    + "; make the backup again");
        }
        Store store = new V2Store(clock);
        store.recover(image.storeData());
        try {
            store.delete(MachinesDir.PATH, true, true); // a rewrite interrupted by a crash may have left one
        } catch (StoreException none) {
            // the usual case: the backup removed them
        }
        try {
            store.set(MachinesDir.key(self.name()), false, MachinesDir.value(self), null);
        } catch (StoreException e) {
            throw new IOException("cannot register " + self.name() + " in the backup's keyspace: " + e.getMessage());
        }
        byte[] adopted = new SnapshotImage(ConfState.of(self.id()), store.save()).encode();
        new SnapshotFiles(snapDir).save(new Snapshot(snap.index(), snap.term(), adopted));
        DurableFiles.delete(marker);
        LOG.info(
                "data dir {} holds a backup of {} at index {}: starting a new cluster with {} ({}) as its only member",
                dataDir,
                info.getOrDefault("source", "?"),
                snap.index(),
                self.name(),
                MemberIds.hex(self.id()));
    }

    private static Map<String, String> readMarker(Path marker) throws IOException {
        String[] lines = Files.readString(marker, StandardCharsets.UTF_8).split("\n");
        if (!lines[0].equals(FORMAT + " " + VERSION)) {
            throw new IOException(marker + " is not a backup marker of a version this build reads (first line \""
                    + lines[0] + "\", expected \"" + FORMAT + " " + VERSION + "\"); make the backup with this"
                    + " build's etcdctl, or remove the file if this data dir is not a backup");
        }
        Map<String, String> info = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                info.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        return info;
    }
}
