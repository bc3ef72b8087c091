package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.raft.ConfState;
import io.etcdj.raft.Entry;
import io.etcdj.raft.EntryType;
import io.etcdj.raft.HardState;
import io.etcdj.raft.Ready;
import io.etcdj.raft.Snapshot;
import io.etcdj.raft.SnapshotMetadata;
import io.etcdj.raft.StorageException;
import io.etcdj.server.wal.ChunkedBytes;
import io.etcdj.server.wal.LogEntry;
import io.etcdj.server.wal.Wal;
import io.etcdj.server.wal.WalBytes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Raft log's durable side: what a Ready persists is what a reopen finds, snapshots included. */
class RaftStorageTest {
    @TempDir
    Path dir;

    private static Ready ready(List<Entry> entries, HardState hs, Snapshot snap) {
        return new Ready(null, hs, List.of(), entries, snap, List.of(), List.of(), true);
    }

    @Test
    void entriesAndHardStateSurviveAReopen() throws Exception {
        try (RaftStorage s = RaftStorage.open(dir)) {
            assertTrue(s.isFresh());
            s.persist(ready(
                    List.of(new Entry(1, 1, EntryType.CONF_CHANGE, new byte[] {1, 2}), Entry.normal(1, 2, new byte[] {3
                    })),
                    new HardState(1, 7, 2),
                    null));
        }
        try (RaftStorage s = RaftStorage.open(dir)) {
            assertFalse(s.isFresh());
            assertEquals(new HardState(1, 7, 2), s.memory().hardState());
            assertEquals(2, s.memory().lastIndex());
            List<Entry> got = s.memory().entries(1, 3, Long.MAX_VALUE);
            assertEquals(EntryType.CONF_CHANGE, got.get(0).type());
            assertArrayEquals(new byte[] {3}, got.get(1).data());
        }
    }

    @Test
    void aSnapshotFromTheLeaderReplacesAShorterLogAndTheLogContinuesAfterIt() throws Exception {
        byte[] image = new SnapshotImage(ConfState.of(5, 6), new byte[] {42}).encode();
        try (RaftStorage s = RaftStorage.open(dir)) {
            s.persist(ready(List.of(Entry.normal(1, 1, new byte[] {1})), new HardState(1, 0, 1), null));
            Snapshot snap = new Snapshot(new SnapshotMetadata(500, 3, ConfState.of(5, 6)), image);
            s.persist(ready(List.of(), new HardState(3, 0, 500), snap));
            s.persist(ready(List.of(Entry.normal(3, 501, new byte[] {9})), new HardState(3, 0, 501), null));
        }
        try (RaftStorage s = RaftStorage.open(dir)) {
            assertEquals(500, s.memory().snapshot().index());
            SnapshotImage recovered = s.takeRecoveredImage();
            assertEquals(List.of(5L, 6L), recovered.confState().voters());
            assertArrayEquals(new byte[] {42}, recovered.storeData());
            assertNull(s.takeRecoveredImage(), "handed out once, then dropped");
            assertTrue(s.startedFromSnapshot());
            assertEquals(0, s.memory().snapshot().data().length, "the data stays in its file");
            assertArrayEquals(image, awaitSnapshotData(s, 500), "read from the file for a follower");
            assertEquals(501, s.memory().lastIndex());
            assertEquals(new HardState(3, 0, 501), s.memory().hardState());
        }
    }

    @Test
    void aLogOfTheFirstOneMemberFormatIsRefusedWithAWayOut() throws Exception {
        try (Wal wal = Wal.open(dir.resolve("wal"), 0, 0)) {
            wal.append(
                    List.of(new LogEntry(1, 1, RaftStorage.TYPE_LEGACY_COMMAND, new byte[] {1})),
                    new io.etcdj.server.wal.HardState(1, 1, 1));
            wal.sync();
        }
        IOException refused = assertThrows(IOException.class, () -> RaftStorage.open(dir));
        assertTrue(
                refused.getMessage().contains("earlier etcdj")
                        && refused.getMessage().contains("-f"),
                refused.getMessage());
    }

    /**
     * 60 writes, each persisted (and acknowledged) on its own as the Raft thread does, with snapshots at 20, 40 and
     * 50 recorded the way the apply thread and the Raft thread record them.
     */
    private void sixtyAcknowledgedWritesWithSnapshots() throws Exception {
        try (RaftStorage s = RaftStorage.open(dir)) {
            for (long i = 1; i <= 60; i++) {
                s.persist(ready(
                        List.of(Entry.normal(1, i, ("value-" + i).getBytes(StandardCharsets.UTF_8))),
                        new HardState(1, 1, i),
                        null));
                if (i == 20 || i == 40 || i == 50) {
                    byte[] image = new SnapshotImage(ConfState.of(1), ("store-at-" + i).getBytes()).encode();
                    SnapshotMetadata created = s.createSnapshot(i, ConfState.of(1), 5);
                    assertThrows(
                            StorageException.SnapshotTemporarilyUnavailableException.class,
                            () -> s.raftView().snapshot(),
                            "no file yet: Raft must wait");
                    s.saveSnapshotFile(created, ChunkedBytes.of(image));
                    assertArrayEquals(image, awaitSnapshotData(s, i));
                    s.releaseCompacted();
                }
            }
        }
    }

    /**
     * What Raft gets when it asks for the snapshot to send: "temporarily unavailable" while the file is read on the
     * loader thread, then the data, once. Bounded: 10 s.
     */
    private static byte[] awaitSnapshotData(RaftStorage s, long index) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                Snapshot snap = s.raftView().snapshot();
                assertEquals(index, snap.index());
                return snap.data();
            } catch (StorageException.SnapshotTemporarilyUnavailableException reading) {
                assertTrue(System.nanoTime() < deadline, "the snapshot file was not read within 10 s");
                Thread.sleep(5);
            }
        }
    }

    private Path onlySegment() throws IOException {
        List<Path> segments = WalBytes.segments(dir.resolve("wal"));
        assertEquals(1, segments.size(), segments.toString());
        return segments.get(0);
    }

    private static void assertRefusalNamesFileOffsetAndWayOut(IOException e, Path file, long offset) {
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()) && m.contains("offset " + offset + ":"), m);
        assertTrue(m.contains("backup") && m.contains("empty -data-dir") && m.contains("-f"), m);
    }

    @Test
    void aLogTruncatedToItsHeaderIsRefusedInsteadOfStartingFromTheSnapshot() throws Exception {
        sixtyAcknowledgedWritesWithSnapshots();
        Path segment = onlySegment();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(32);
        }
        IOException e = assertThrows(
                IOException.class,
                () -> RaftStorage.open(dir).close(),
                "a log cut back to its header must not start from the snapshot at 50 without entries 51..60");
        assertRefusalNamesFileOffsetAndWayOut(e, segment, 32);
        assertEquals(32, Files.size(segment), "a refused log is left as found");
    }

    @Test
    void aLogCutBackBehindTheNewestSnapshotAtARecordBoundaryIsRefused() throws Exception {
        sixtyAcknowledgedWritesWithSnapshots();
        Path segment = onlySegment();
        byte[] bytes = Files.readAllBytes(segment);
        int cut = WalBytes.entry(bytes, 31).offset(); // entries 31..60 and the snapshot markers are gone
        Arrays.fill(bytes, cut, bytes.length, (byte) 0);
        Files.write(segment, bytes);
        IOException e = assertThrows(
                IOException.class,
                () -> RaftStorage.open(dir).close(),
                "the log ends at 30, behind the snapshot at 50: entries 51..60 would be missing");
        assertRefusalNamesFileOffsetAndWayOut(e, segment, cut);
        assertTrue(Arrays.equals(bytes, Files.readAllBytes(segment)), "a refused log is left as found");
    }

    @Test
    void aHardStateCommitAboveTheLastEntryIsRefusedNotClamped() throws Exception {
        try (RaftStorage s = RaftStorage.open(dir)) {
            s.persist(ready(
                    List.of(
                            Entry.normal(1, 1, new byte[] {1}),
                            Entry.normal(1, 2, new byte[] {2}),
                            Entry.normal(1, 3, new byte[] {3})),
                    new HardState(1, 1, 3),
                    null));
            s.persist(ready(List.of(), new HardState(1, 1, 5), null)); // says 4 and 5 were committed
        }
        IOException e = assertThrows(
                IOException.class,
                () -> RaftStorage.open(dir).close(),
                "entries 4 and 5 were acknowledged as committed but are not in the log");
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("commit"), e.getMessage());
        assertTrue(e.getMessage().contains(onlySegment().toString()), e.getMessage());
    }

    @Test
    void aLogWithSnapshotsReopensAfterCleanStops() throws Exception {
        sixtyAcknowledgedWritesWithSnapshots();
        for (int run = 0; run < 2; run++) {
            try (RaftStorage s = RaftStorage.open(dir)) {
                assertEquals(50, s.memory().snapshot().index());
                assertEquals(60, s.memory().lastIndex());
                assertEquals(new HardState(1, 1, 60), s.memory().hardState());
                assertEquals(
                        "value-51",
                        new String(
                                s.memory()
                                        .entries(51, 52, Long.MAX_VALUE)
                                        .get(0)
                                        .data(),
                                StandardCharsets.UTF_8));
            }
        }
    }

    private void copyFirstFormatFixture(String name) throws Exception {
        FirstFormatFixtures.copy(name, dir);
    }

    @Test
    void aSingleNodeDataDirOfTheFirstFormatStillOpensAndIsProtectedOnceUpgraded() throws Exception {
        copyFirstFormatFixture("single-node");
        for (int run = 0; run < 2; run++) { // the first open upgrades (a new segment), the second reads both
            try (RaftStorage s = RaftStorage.open(dir)) {
                assertFalse(s.isFresh());
                assertEquals(30, s.memory().snapshot().index());
                assertEquals(32, s.memory().lastIndex()); // k29 and k30 are only in the log
                assertEquals(32, s.memory().hardState().commit());
                String store = new String(s.takeRecoveredImage().storeData(), StandardCharsets.UTF_8);
                assertTrue(store.contains("k28") && !store.contains("k29"), store);
                assertTrue(new String(
                                s.memory()
                                        .entries(32, 33, Long.MAX_VALUE)
                                        .get(0)
                                        .data(),
                                StandardCharsets.UTF_8)
                        .contains("/fixture/k30"));
            }
        }
        List<Path> segments = WalBytes.segments(dir.resolve("wal"));
        assertEquals(2, segments.size(), segments.toString());
        Path upgraded = segments.get(1);
        try (FileChannel ch = FileChannel.open(upgraded, StandardOpenOption.WRITE)) {
            ch.truncate(32);
        }
        IOException e =
                assertThrows(IOException.class, () -> RaftStorage.open(dir).close());
        assertRefusalNamesFileOffsetAndWayOut(e, upgraded, 32);
    }

    @Test
    void aFollowerDataDirOfTheFirstFormatWithALeadersSnapshotStillOpens() throws Exception {
        copyFirstFormatFixture("follower-installed");
        for (int run = 0; run < 2; run++) {
            try (RaftStorage s = RaftStorage.open(dir)) {
                assertEquals(100, s.memory().snapshot().index());
                SnapshotImage recovered = s.takeRecoveredImage();
                assertEquals(List.of(5L, 6L), recovered.confState().voters());
                assertArrayEquals("store-at-100".getBytes(StandardCharsets.UTF_8), recovered.storeData());
                assertEquals(103, s.memory().lastIndex());
                assertArrayEquals(
                        "new-101".getBytes(StandardCharsets.UTF_8),
                        s.memory().entries(101, 102, Long.MAX_VALUE).get(0).data());
                assertEquals(new HardState(3, 0, 103), s.memory().hardState());
            }
        }
    }

    @Test
    void aFollowerDataDirOfTheFirstFormatWhoseLogEndsBehindTheLeadersSnapshotStillOpens() throws Exception {
        copyFirstFormatFixture("follower-installed-no-entries");
        try (RaftStorage s = RaftStorage.open(dir)) {
            assertEquals(100, s.memory().snapshot().index());
            assertEquals(100, s.memory().lastIndex());
            assertEquals(new HardState(3, 0, 100), s.memory().hardState());
            s.persist(ready(List.of(Entry.normal(3, 101, new byte[] {7})), new HardState(3, 0, 101), null));
        }
        try (RaftStorage s = RaftStorage.open(dir)) {
            assertEquals(101, s.memory().lastIndex());
            assertEquals(new HardState(3, 0, 101), s.memory().hardState());
        }
    }
}
