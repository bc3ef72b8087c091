package io.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryStorageTest {
    static MemoryStorage storage345() {
        MemoryStorage s = new MemoryStorage();
        s.applySnapshot(new Snapshot(new SnapshotMetadata(3, 3, ConfState.of(1)), null));
        s.append(List.of(Entry.normal(4, 4, null), Entry.normal(5, 5, null)));
        return s;
    }

    @Test
    void termAndBounds() {
        MemoryStorage s = storage345();
        assertEquals(4, s.firstIndex());
        assertEquals(5, s.lastIndex());
        assertEquals(3, s.term(3), "the snapshot's term stays readable");
        assertEquals(5, s.term(5));
        assertThrows(StorageException.CompactedException.class, () -> s.term(2));
        assertThrows(StorageException.UnavailableException.class, () -> s.term(6));
    }

    @Test
    void entriesAreSizeLimitedButNeverEmpty() {
        MemoryStorage s = storage345();
        assertEquals(1, s.entries(4, 6, 0).size());
        assertEquals(2, s.entries(4, 6, 2 * Entry.OVERHEAD_BYTES).size());
        assertThrows(StorageException.CompactedException.class, () -> s.entries(3, 5, Long.MAX_VALUE));
        assertThrows(IllegalStateException.class, () -> s.entries(4, 7, Long.MAX_VALUE));
    }

    @Test
    void appendTruncatesConflictsAndRejectsGaps() {
        MemoryStorage s = storage345();
        s.append(List.of(Entry.normal(6, 5, null), Entry.normal(6, 6, null)));
        assertEquals(
                List.of(Entry.normal(4, 4, null), Entry.normal(6, 5, null), Entry.normal(6, 6, null)),
                s.entries(4, 7, Long.MAX_VALUE));
        s.append(List.of(Entry.normal(1, 2, null), Entry.normal(1, 3, null))); // all compacted: ignored
        assertEquals(6, s.lastIndex());
        assertThrows(IllegalStateException.class, () -> s.append(List.of(Entry.normal(6, 8, null))));
    }

    @Test
    void snapshotAndCompact() {
        MemoryStorage s = storage345();
        Snapshot snap = s.createSnapshot(4, ConfState.of(1, 2), new byte[] {7});
        assertEquals(4, snap.term());
        s.compact(4);
        assertEquals(5, s.firstIndex());
        assertEquals(4, s.term(4));
        assertThrows(StorageException.CompactedException.class, () -> s.compact(4));
        assertThrows(
                StorageException.SnapshotOutOfDateException.class, () -> s.createSnapshot(4, ConfState.of(1), null));
        assertThrows(StorageException.SnapshotOutOfDateException.class, () -> s.applySnapshot(snap));
        assertEquals(ConfState.of(1, 2), s.initialState().confState());
    }
}
