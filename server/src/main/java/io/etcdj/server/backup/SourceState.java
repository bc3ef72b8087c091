package io.etcdj.server.backup;

import io.etcdj.server.cluster.CommittedReplay;
import io.etcdj.server.cluster.SnapshotImage;
import io.etcdj.server.wal.LogEntry;
import io.etcdj.server.wal.LogReader;
import io.etcdj.server.wal.Snapshot;
import io.etcdj.server.wal.SnapshotFiles;
import io.etcdj.store.Store;
import io.etcdj.store.V2Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The keyspace of a data dir at its last committed index, read without changing the dir: the newest snapshot that
 * verifies, then the log's committed entries after it (only CRC-checked records; a torn tail of the segment being
 * written is ignored, as a restart would).
 */
record SourceState(Store store, long index, long term) {

    static SourceState read(Path dataDir, Clock clock) throws IOException {
        Path snapDir = dataDir.resolve("snap");
        Optional<Snapshot> snapshot = SnapshotFiles.loadNewestIn(snapDir);
        Store store = new V2Store(clock);
        long index = 0;
        long term = 0;
        if (snapshot.isPresent()) {
            index = snapshot.get().index();
            term = snapshot.get().term();
            Path file = snapDir.resolve(SnapshotFiles.fileName(index, term));
            try {
                store.recover(SnapshotImage.decode(snapshot.get().data()).storeData());
            } catch (IllegalArgumentException | IOException e) {
                throw new IOException(
                        file + ": the snapshot verifies but its keyspace cannot be read: " + e.getMessage());
            }
        }
        LogReader.Contents log = LogReader.read(dataDir.resolve("wal"), index);
        // Only what was committed: entries after the commit index may still be replaced by another leader's.
        long commit = Math.max(log.hardState().commit(), index);
        CommittedReplay replay = new CommittedReplay(store);
        for (LogEntry e : log.entries()) {
            if (e.index() > commit) {
                break;
            }
            replay.apply(e);
            index = e.index();
            term = e.term();
        }
        return new SourceState(store, index, term);
    }
}
