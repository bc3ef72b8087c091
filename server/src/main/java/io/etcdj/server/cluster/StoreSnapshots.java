package io.etcdj.server.cluster;

import io.etcdj.raft.ConfState;
import io.etcdj.raft.SnapshotMetadata;
import io.etcdj.server.wal.ChunkedBytes;
import io.etcdj.store.Store;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots the apply thread takes of the store: every {@code snapshotEveryEntries} applied entries, and at once
 * when the newest snapshot's file turned out unreadable. The store is serialised on the apply thread (consistent:
 * only that thread writes it) and the file is written on the snapshot thread, so fsyncs never stall applies. One file
 * is written at a time. Apply thread only, except the writer's own work.
 */
final class StoreSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(StoreSnapshots.class);
    /** Entries kept in memory behind a snapshot, so a follower a little behind catches up without a snapshot. */
    private static final long KEEP_ENTRIES_BEHIND_SNAPSHOT = 5_000;

    private final Store store;
    private final RaftStorage storage;
    private final long snapshotEveryEntries;
    private final LoopHealth health;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "etcdj-snapshot");
        t.setDaemon(true);
        return t;
    });

    /** The index of the newest snapshot taken or installed. */
    private long snapshotIndex;
    /** The membership after the last applied batch (null before one). */
    private ConfState confState;

    private CompletableFuture<Void> write;

    StoreSnapshots(Store store, RaftStorage storage, long appliedIndex, long snapshotEveryEntries, LoopHealth health) {
        this.store = store;
        this.storage = storage;
        this.snapshotIndex = appliedIndex;
        this.snapshotEveryEntries = snapshotEveryEntries;
        this.health = health;
    }

    /** A snapshot from the leader replaced the store. */
    void installed(long index) {
        snapshotIndex = index;
    }

    /** After each applied batch: a snapshot every {@code snapshotEveryEntries} entries. */
    void applied(long appliedIndex, ConfState confState) {
        this.confState = confState;
        if (appliedIndex - snapshotIndex >= snapshotEveryEntries && !writing()) {
            take(appliedIndex);
        }
    }

    /**
     * The newest snapshot's file, at {@code unreadableIndex}, could not be read to send it to a follower (damaged on
     * disk). Without a new file that follower would wait for the next snapshot, which an idle cluster never takes:
     * take one now, or, when nothing was applied since, write the same snapshot's file again from the store (which
     * is exactly that snapshot's state). A write already under way replaces the file anyway.
     */
    void replaceUnreadable(long unreadableIndex, long appliedIndex) {
        if (writing()) {
            return;
        }
        if (appliedIndex > unreadableIndex && confState != null) {
            LOG.warn(
                    "taking a snapshot at index {} to replace the unreadable one at {}", appliedIndex, unreadableIndex);
            take(appliedIndex);
            return;
        }
        SnapshotMetadata newest = storage.memory().snapshot().metadata();
        if (newest.index() != unreadableIndex || appliedIndex != unreadableIndex) {
            return; // a newer snapshot replaced it meanwhile
        }
        LOG.warn("writing the snapshot at index {} again from the store: its file is unreadable", unreadableIndex);
        ChunkedBytes image = SnapshotImage.write(newest.confState(), store);
        writeFile(newest, image, () -> storage.rewriteSnapshotFile(newest, image));
    }

    private boolean writing() {
        return write != null && !write.isDone();
    }

    private void take(long applied) {
        ChunkedBytes image = SnapshotImage.write(confState, store);
        SnapshotMetadata snap;
        try {
            snap = storage.createSnapshot(applied, confState, KEEP_ENTRIES_BEHIND_SNAPSHOT);
        } catch (RuntimeException outOfDate) {
            LOG.debug("no snapshot at {}: {}", applied, outOfDate.getMessage());
            snapshotIndex = applied;
            return;
        }
        snapshotIndex = applied;
        writeFile(snap, image, () -> storage.saveSnapshotFile(snap, image));
    }

    private interface FileWrite {
        void run() throws IOException;
    }

    private void writeFile(SnapshotMetadata snap, ChunkedBytes image, FileWrite fileWrite) {
        write = CompletableFuture.runAsync(
                () -> {
                    try {
                        fileWrite.run();
                        LOG.info("saved snapshot at index {}", snap.index());
                    } catch (IOException | RuntimeException e) {
                        // The log still holds everything; a failed snapshot only delays compaction.
                        LOG.warn(
                                "saving a snapshot at index {} failed; will retry after more entries", snap.index(), e);
                    } catch (Error e) {
                        health.failed("the snapshot writer", e); // out of memory, say: the JVM is in doubt
                    }
                },
                writer);
    }

    /** Waits (bounded) for a file being written. */
    void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
