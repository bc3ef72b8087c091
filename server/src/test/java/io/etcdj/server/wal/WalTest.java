package io.etcdj.server.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
    private static final long SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    static LogEntry entry(long term, long index) {
        return new LogEntry(term, index, (int) (index % 2), ("value-" + index + "-" + term).getBytes(StandardCharsets.UTF_8));
    }

    static List<LogEntry> entries(long term, long from, long to) {
        List<LogEntry> list = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            list.add(entry(term, i));
        }
        return list;
    }

    /** An entry of about 130 bytes on disk, so a 4 KiB segment holds about 30. */
    static LogEntry big(long term, long index) {
        byte[] data = new byte[100];
        java.util.Arrays.fill(data, (byte) index);
        return new LogEntry(term, index, 0, data);
    }

    static List<LogEntry> bigs(long term, long from, long to) {
        List<LogEntry> list = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            list.add(big(term, i));
        }
        return list;
    }

    private Wal open(long snapshotIndex) throws IOException {
        return Wal.open(dir, snapshotIndex, SEGMENT);
    }

    /** Appends each entry in its own append+sync, as a node acknowledging one write at a time does. */
    private void writeSynced(long from, long to) throws IOException {
        try (Wal wal = open(0)) {
            for (long i = from; i <= to; i++) {
                wal.append(List.of(entry(1, i)), null);
                wal.sync();
            }
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
        }
    }

    private Path onlySegment() throws IOException {
        List<Path> files = segmentFiles();
        assertEquals(1, files.size());
        return files.get(0);
    }

    /** Offset just past the last written record: everything after it is preallocated zeros. */
    private static int endOfLog(byte[] bytes) {
        int p = bytes.length;
        while (p > 0 && bytes[p - 1] == 0) {
            p--;
        }
        return p;
    }

    @Test
    void roundTripOfEntriesAndHardStateAcrossReopen() throws IOException {
        List<LogEntry> batch = new ArrayList<>(entries(1, 1, 3));
        batch.add(new LogEntry(1, 4, 1, new byte[0]));
        try (Wal wal = open(0)) {
            assertEquals(0, wal.lastIndex());
            assertEquals(HardState.EMPTY, wal.recoveredHardState());
            assertTrue(wal.recoveredEntries().isEmpty());
            wal.append(batch, new HardState(1, 7, 2));
            wal.sync();
            assertEquals(4, wal.lastIndex());
        }
        try (Wal wal = open(0)) {
            assertEquals(batch, wal.recoveredEntries());
            assertEquals(new HardState(1, 7, 2), wal.recoveredHardState());
            assertEquals(4, wal.lastIndex());
            wal.append(entries(2, 5, 6), null);
            wal.append(List.of(), new HardState(2, 7, 6));
            wal.sync();
        }
        try (Wal wal = open(0)) {
            List<LogEntry> expected = new ArrayList<>(batch);
            expected.addAll(entries(2, 5, 6));
            assertEquals(expected, wal.recoveredEntries());
            assertEquals(new HardState(2, 7, 6), wal.recoveredHardState());
        }
    }

    @Test
    void segmentIsPreallocatedSoSyncNeverChangesTheFileSize() throws IOException {
        try (Wal wal = open(0)) {
            assertEquals(SEGMENT, Files.size(onlySegment()));
            wal.append(entries(1, 1, 50), new HardState(1, 1, 50));
            wal.sync();
            assertEquals(SEGMENT, Files.size(onlySegment()));
        }
    }

    @Test
    void laterRecordForAnIndexReplacesItAndDropsTheRest() throws IOException {
        try (Wal wal = open(0)) {
            wal.append(entries(1, 1, 10), null);
            wal.append(entries(2, 6, 7), null);
            assertEquals(7, wal.lastIndex());
            wal.sync();
        }
        List<LogEntry> expected = new ArrayList<>(entries(1, 1, 5));
        expected.addAll(entries(2, 6, 7));
        try (Wal wal = open(0)) {
            assertEquals(expected, wal.recoveredEntries());
            assertEquals(7, wal.lastIndex());
            wal.append(entries(2, 8, 8), null);
        }
        expected.add(entry(2, 8));
        try (Wal wal = open(0)) {
            assertEquals(expected, wal.recoveredEntries());
        }
    }

    @Test
    void appendRefusesGapsAndNonContiguousBatches() throws IOException {
        try (Wal wal = open(0)) {
            wal.append(entries(1, 1, 3), null);
            assertThrows(IllegalArgumentException.class, () -> wal.append(entries(1, 5, 5), null));
            assertThrows(IllegalArgumentException.class,
                    () -> wal.append(List.of(entry(1, 4), entry(1, 6)), null));
            assertEquals(3, wal.lastIndex());
        }
    }

    @Test
    void recoveredEntriesAreOnlyThoseAboveTheSnapshotIndex() throws IOException {
        try (Wal wal = open(0)) {
            wal.append(entries(1, 1, 10), new HardState(1, 1, 10));
        }
        try (Wal wal = open(4)) {
            assertEquals(entries(1, 5, 10), wal.recoveredEntries());
            assertEquals(10, wal.lastIndex());
            assertEquals(new HardState(1, 1, 10), wal.recoveredHardState());
        }
        try (Wal wal = open(20)) {
            assertTrue(wal.recoveredEntries().isEmpty());
            assertEquals(20, wal.lastIndex());
            wal.append(entries(1, 21, 22), null);
        }
        try (Wal wal = open(20)) {
            assertEquals(entries(1, 21, 22), wal.recoveredEntries());
        }
    }

    @Test
    void rolloverKeepsTheLogAndReleaseBeforeDeletesOnlyWholeOldSegments() throws IOException {
        long small = 4096;
        try (Wal wal = Wal.open(dir, 0, small)) {
            for (long i = 1; i <= 200; i++) {
                wal.append(List.of(big(1, i)), new HardState(1, 1, i));
            }
            wal.sync();
        }
        int before = segmentFiles().size();
        assertTrue(before >= 5, "expected several segments, got " + before);
        for (Path p : segmentFiles()) {
            assertEquals(small, Files.size(p));
        }
        try (Wal wal = Wal.open(dir, 0, small)) {
            assertEquals(bigs(1, 1, 200), wal.recoveredEntries());
            assertEquals(new HardState(1, 1, 200), wal.recoveredHardState());
            wal.releaseBefore(100);
        }
        int after = segmentFiles().size();
        assertTrue(after < before && after > 1, before + " -> " + after);
        try (Wal wal = Wal.open(dir, 99, small)) {
            assertEquals(bigs(1, 100, 200), wal.recoveredEntries());
            assertEquals(new HardState(1, 1, 200), wal.recoveredHardState());
            wal.releaseBefore(1000); // the segment being written is never deleted
        }
        assertEquals(1, segmentFiles().size());
        try (Wal wal = Wal.open(dir, 200, small)) {
            assertEquals(new HardState(1, 1, 200), wal.recoveredHardState(), "each segment starts with the hard state");
            assertEquals(200, wal.lastIndex());
        }
    }

    @Test
    void releasedPrefixWithoutASnapshotCoveringItIsCorruption() throws IOException {
        try (Wal wal = Wal.open(dir, 0, 4096)) {
            for (long i = 1; i <= 100; i++) {
                wal.append(List.of(big(1, i)), null);
            }
            wal.releaseBefore(60);
        }
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> Wal.open(dir, 0, 4096));
        assertTrue(e.getMessage().contains("gap"), e.getMessage());
    }

    @Test
    void missingMiddleSegmentIsCorruptionNamingTheFile() throws IOException {
        try (Wal wal = Wal.open(dir, 0, 4096)) {
            for (long i = 1; i <= 100; i++) {
                wal.append(List.of(big(1, i)), null);
            }
        }
        List<Path> files = segmentFiles();
        assertTrue(files.size() >= 3);
        Files.delete(files.get(1));
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> Wal.open(dir, 0, 4096));
        assertTrue(e.getMessage().contains(files.get(2).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("sequence"), e.getMessage());
    }

    @Test
    void damageInASealedSegmentIsCorruptionEvenAtItsEnd() throws IOException {
        try (Wal wal = Wal.open(dir, 0, 4096)) {
            for (long i = 1; i <= 100; i++) {
                wal.append(List.of(big(1, i)), null);
            }
        }
        Path first = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(first);
        int end = endOfLog(bytes);
        bytes[end - 1] ^= 0x40;
        Files.write(first, bytes);
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> Wal.open(dir, 0, 4096));
        assertTrue(e.getMessage().contains(first.toString()), e.getMessage());
    }

    @Test
    void tornTailAtEveryByteOfTheLastRecordIsCutAndAppendContinues() throws IOException {
        writeSynced(1, 5);
        Path file = onlySegment();
        byte[] original = Files.readAllBytes(file);
        int end = endOfLog(original);
        int start = end - RecordCodec.entrySize(entry(1, 5));
        for (int cut = start; cut < end; cut++) {
            for (boolean truncate : new boolean[] {true, false}) {
                byte[] damaged;
                if (truncate) {
                    damaged = java.util.Arrays.copyOf(original, cut);
                } else { // a preallocated file: the unwritten rest reads as zeros
                    damaged = original.clone();
                    java.util.Arrays.fill(damaged, cut, end, (byte) 0);
                }
                Files.write(file, damaged);
                String at = "cut at " + cut + (truncate ? " (truncated)" : " (zeroed)");
                try (Wal wal = open(0)) {
                    assertEquals(entries(1, 1, 4), wal.recoveredEntries(), at);
                    assertEquals(4, wal.lastIndex(), at);
                    wal.append(entries(2, 5, 6), new HardState(2, 0, 5));
                    wal.sync();
                }
                try (Wal wal = open(0)) {
                    List<LogEntry> expected = new ArrayList<>(entries(1, 1, 4));
                    expected.addAll(entries(2, 5, 6));
                    assertEquals(expected, wal.recoveredEntries(), at);
                    assertEquals(new HardState(2, 0, 5), wal.recoveredHardState(), at);
                }
            }
        }
    }

    @Test
    void flippedByteInTheLastRecordIsATornTail() throws IOException {
        writeSynced(1, 5);
        Path file = onlySegment();
        byte[] original = Files.readAllBytes(file);
        int end = endOfLog(original);
        int start = end - RecordCodec.entrySize(entry(1, 5));
        for (int at = start; at < end; at++) {
            byte[] damaged = original.clone();
            damaged[at] ^= (byte) 0xff;
            Files.write(file, damaged);
            try (Wal wal = open(0)) {
                assertEquals(entries(1, 1, 4), wal.recoveredEntries(), "flipped byte at " + at);
            }
            byte[] repaired = Files.readAllBytes(file);
            assertEquals(start, endOfLog(repaired), "the torn record is erased, flipped byte at " + at);
        }
    }

    @Test
    void flippedByteInAMiddleRecordIsCorruptionNamingFileAndOffset() throws IOException {
        writeSynced(1, 5);
        Path file = onlySegment();
        byte[] original = Files.readAllBytes(file);
        int end = endOfLog(original);
        int size = RecordCodec.entrySize(entry(1, 3)); // all five entries encode to the same size
        int start = end - 3 * size; // entry 3
        for (int at = start; at < start + size; at++) {
            byte[] damaged = original.clone();
            damaged[at] ^= (byte) 0xff;
            Files.write(file, damaged);
            WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> open(0), "byte " + at);
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("offset " + start + ":"), e.getMessage());
            assertEquals(start, e.offset());
            assertEquals(original.length, Files.size(file));
            assertTrue(java.util.Arrays.equals(damaged, Files.readAllBytes(file)), "corruption must not be repaired");
        }
    }

    @Test
    void holeInTheUnsyncedTailIsTornButAHoleBeforeSyncedDataIsCorruption() throws IOException {
        // Entries 4..6 go out in one write with no fsync after entry 3's: a crash may persist the
        // page holding 5..6 but not the one holding 4. Nothing after 3 was ever acknowledged.
        try (Wal wal = open(0)) {
            wal.append(entries(1, 1, 3), null);
            wal.sync();
            wal.append(entries(1, 4, 6), null);
        }
        Path file = onlySegment();
        byte[] original = Files.readAllBytes(file);
        int size = RecordCodec.entrySize(entry(1, 4));
        int start4 = endOfLog(original) - 3 * size;
        byte[] holed = original.clone();
        java.util.Arrays.fill(holed, start4, start4 + size, (byte) 0);
        Files.write(file, holed);
        try (Wal wal = open(0)) {
            assertEquals(entries(1, 1, 3), wal.recoveredEntries());
        }
        assertEquals(start4, endOfLog(Files.readAllBytes(file)), "unsynced leftovers are erased");

        Files.delete(file);
        writeSynced(1, 6); // now entry 5 was written after entry 4 was fsynced
        file = onlySegment();
        holed = Files.readAllBytes(file);
        java.util.Arrays.fill(holed, start4, start4 + size, (byte) 0);
        Files.write(file, holed);
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> open(0));
        assertEquals(start4, e.offset());
    }
}
