package io.etcdj.server.cluster;

import io.etcdj.raft.ConfState;
import io.etcdj.raft.Entry;
import io.etcdj.raft.EntryType;
import io.etcdj.raft.HardState;
import io.etcdj.raft.Ready;
import io.etcdj.raft.Snapshot;
import io.etcdj.raft.SnapshotMetadata;
import io.etcdj.server.wal.LogEntry;
import io.etcdj.server.wal.Wal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            s.persist(ready(List.of(new Entry(1, 1, EntryType.CONF_CHANGE, new byte[]{1, 2}),
                    Entry.normal(1, 2, new byte[]{3})), new HardState(1, 7, 2), null));
        }
        try (RaftStorage s = RaftStorage.open(dir)) {
            assertFalse(s.isFresh());
            assertEquals(new HardState(1, 7, 2), s.memory().hardState());
            assertEquals(2, s.memory().lastIndex());
            List<Entry> got = s.memory().entries(1, 3, Long.MAX_VALUE);
            assertEquals(EntryType.CONF_CHANGE, got.get(0).type());
            assertArrayEquals(new byte[]{3}, got.get(1).data());
        }
    }

    @Test
    void aSnapshotFromTheLeaderReplacesAShorterLogAndTheLogContinuesAfterIt() throws Exception {
        byte[] image = new SnapshotImage(ConfState.of(5, 6), new byte[]{42}).encode();
        try (RaftStorage s = RaftStorage.open(dir)) {
            s.persist(ready(List.of(Entry.normal(1, 1, new byte[]{1})), new HardState(1, 0, 1), null));
            Snapshot snap = new Snapshot(new SnapshotMetadata(500, 3, ConfState.of(5, 6)), image);
            s.persist(ready(List.of(), new HardState(3, 0, 500), snap));
            s.persist(ready(List.of(Entry.normal(3, 501, new byte[]{9})), new HardState(3, 0, 501), null));
        }
        try (RaftStorage s = RaftStorage.open(dir)) {
            assertEquals(500, s.memory().snapshot().index());
            assertEquals(List.of(5L, 6L), s.recoveredImage().confState().voters());
            assertArrayEquals(new byte[]{42}, s.recoveredImage().storeData());
            assertEquals(501, s.memory().lastIndex());
            assertEquals(new HardState(3, 0, 501), s.memory().hardState());
        }
    }

    @Test
    void aLogOfTheFirstOneMemberFormatIsRefusedWithAWayOut() throws Exception {
        try (Wal wal = Wal.open(dir.resolve("wal"), 0)) {
            wal.append(List.of(new LogEntry(1, 1, RaftStorage.TYPE_LEGACY_COMMAND, new byte[]{1})),
                    new io.etcdj.server.wal.HardState(1, 1, 1));
            wal.sync();
        }
        IOException refused = assertThrows(IOException.class, () -> RaftStorage.open(dir));
        assertTrue(refused.getMessage().contains("earlier etcdj") && refused.getMessage().contains("-f"),
                refused.getMessage());
    }
}
