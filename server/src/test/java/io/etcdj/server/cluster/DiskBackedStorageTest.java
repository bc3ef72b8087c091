package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.raft.ConfState;
import io.etcdj.raft.Entry;
import io.etcdj.raft.MemoryStorage;
import io.etcdj.raft.Snapshot;
import io.etcdj.raft.StorageException;
import io.etcdj.server.wal.SnapshotFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newest snapshot as Raft gets it when the data lives only in its file. */
class DiskBackedStorageTest {
    private static final byte[] IMAGE = "the store at index 5".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private MemoryStorage memoryWithSnapshotAt5() {
        MemoryStorage memory = new MemoryStorage();
        for (long i = 1; i <= 6; i++) {
            memory.append(List.of(Entry.normal(1, i, new byte[] {(byte) i})));
        }
        memory.createSnapshot(5, ConfState.of(1), null);
        return memory;
    }

    @Test
    void aDamagedFileIsLoggedAndReadAgainLaterNotOnEveryAsk() throws Exception {
        SnapshotFiles files = new SnapshotFiles(dir);
        Path file = dir.resolve(SnapshotFiles.fileName(5, 1));
        byte[] good = saveDamagedAt5(files);

        DiskBackedStorage storage = new DiskBackedStorage(memoryWithSnapshotAt5(), files, 300);
        storage.fileSaved(5);
        assertThrows(StorageException.SnapshotTemporarilyUnavailableException.class, storage::snapshot);
        awaitTrue(() -> storage.unreadableIndex() == 5, "the damaged file was never found unreadable");

        Files.write(file, good); // repaired (or the I/O error passed): the next read after the pause succeeds
        assertArrayEquals(IMAGE, awaitData(storage));
        assertEquals(0, storage.unreadableIndex());
    }

    @Test
    void anUnreadableFileIsReportedOnceAndAFileWrittenAgainIsReadWithoutWaitingOutTheRetry() throws Exception {
        SnapshotFiles files = new SnapshotFiles(dir);
        saveDamagedAt5(files);

        // An hour between reads of an unreadable file: only a file written again can be read within the test.
        DiskBackedStorage storage = new DiskBackedStorage(memoryWithSnapshotAt5(), files, 3_600_000);
        storage.fileSaved(5);
        assertEquals(0, storage.takeUnreadable(), "nothing found unreadable yet");
        assertThrows(StorageException.SnapshotTemporarilyUnavailableException.class, storage::snapshot);
        awaitTrue(() -> storage.unreadableIndex() == 5, "the damaged file was never found unreadable");
        assertEquals(5, storage.takeUnreadable(), "the apply loop is told which snapshot to replace");
        assertEquals(0, storage.takeUnreadable(), "once");

        files.save(new io.etcdj.server.wal.Snapshot(5, 1, IMAGE)); // what the apply loop does
        storage.fileSaved(5);
        assertArrayEquals(IMAGE, awaitData(storage));
        assertEquals(0, storage.unreadableIndex());
    }

    @Test
    void theDataIsHandedOutOnceThenReadAgainForTheNextFollower() throws Exception {
        SnapshotFiles files = new SnapshotFiles(dir);
        DiskBackedStorage storage = new DiskBackedStorage(memoryWithSnapshotAt5(), files);
        assertThrows(
                StorageException.SnapshotTemporarilyUnavailableException.class,
                storage::snapshot,
                "no file yet: Raft must wait");
        files.save(new io.etcdj.server.wal.Snapshot(5, 1, IMAGE));
        storage.fileSaved(5);
        assertArrayEquals(IMAGE, awaitData(storage));
        assertThrows(
                StorageException.SnapshotTemporarilyUnavailableException.class,
                storage::snapshot,
                "handed out once: not kept in memory");
        assertArrayEquals(IMAGE, awaitData(storage));
    }

    /** Saves the snapshot at index 5 (term 1), then flips a byte of its file; returns the good bytes. */
    private byte[] saveDamagedAt5(SnapshotFiles files) throws IOException {
        files.save(new io.etcdj.server.wal.Snapshot(5, 1, IMAGE));
        Path file = dir.resolve(SnapshotFiles.fileName(5, 1));
        byte[] good = Files.readAllBytes(file);
        byte[] damaged = good.clone();
        damaged[damaged.length / 2] ^= 1;
        Files.write(file, damaged);
        return good;
    }

    /** Asks as Raft does (on every heartbeat response) until the data comes; bounded: 10 s. */
    private static byte[] awaitData(DiskBackedStorage storage) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                Snapshot snap = storage.snapshot();
                assertEquals(5, snap.index());
                return snap.data();
            } catch (StorageException.SnapshotTemporarilyUnavailableException reading) {
                assertTrue(System.nanoTime() < deadline, "the snapshot file was not read within 10 s");
                Thread.sleep(5);
            }
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, failure);
            Thread.sleep(5);
        }
    }
}
