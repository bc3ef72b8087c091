package io.etcdj.server.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
    private static final long SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    static LogEntry entry(long term, long index) {
        return new LogEntry(
                term, index, (int) (index % 2), ("value-" + index + "-" + term).getBytes(StandardCharsets.UTF_8));
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
        Arrays.fill(data, (byte) index);
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
        return Wal.open(dir, snapshotIndex, 1, SEGMENT);
    }

    /**
     * What a process killed right after {@code writes} leaves on disk: the segment's bytes as the page cache holds
     * them (written, synced or not), before close() could sync anything.
     */
    private void killedAfter(long snapshotIndex, WalWrites writes) throws IOException {
        byte[] image;
        Path file;
        try (Wal wal = open(snapshotIndex)) {
            writes.run(wal);
            file = segmentFiles().get(segmentFiles().size() - 1);
            image = Files.readAllBytes(file);
        }
        Files.write(file, image);
    }

    interface WalWrites {
        void run(Wal wal) throws IOException;
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

    private static WalBytes.Rec lastRecord(byte[] bytes) {
        List<WalBytes.Rec> records = WalBytes.records(bytes);
        return records.get(records.size() - 1);
    }

    private static void assertWayOut(WalCorruptionException e, Path file, long offset) {
        assertEquals(file, e.file());
        assertEquals(offset, e.offset());
        assertTrue(e.getMessage().contains(file + ": offset " + offset + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(WalCorruptionException.WAY_OUT), e.getMessage());
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
            assertThrows(IllegalArgumentException.class, () -> wal.append(List.of(entry(1, 4), entry(1, 6)), null));
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
            wal.snapshotInstalled(20, 1); // a leader's snapshot replaces the log (its file is saved after this)
            assertEquals(20, wal.lastIndex());
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
        try (Wal wal = Wal.open(dir, 0, 1, small)) {
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
        try (Wal wal = Wal.open(dir, 0, 1, small)) {
            assertEquals(bigs(1, 1, 200), wal.recoveredEntries());
            assertEquals(new HardState(1, 1, 200), wal.recoveredHardState());
            wal.snapshotSaved(99, 1);
            wal.sync(); // the marker is durable: the segments before index 100 go
        }
        int after = segmentFiles().size();
        assertTrue(after < before && after > 1, before + " -> " + after);
        try (Wal wal = Wal.open(dir, 99, 1, small)) {
            assertEquals(bigs(1, 100, 200), wal.recoveredEntries());
            assertEquals(new HardState(1, 1, 200), wal.recoveredHardState());
            wal.snapshotSaved(200, 1);
            wal.sync(); // the segment being written is never deleted
        }
        assertEquals(1, segmentFiles().size());
        try (Wal wal = Wal.open(dir, 200, 1, small)) {
            assertEquals(new HardState(1, 1, 200), wal.recoveredHardState(), "each segment starts with the hard state");
            assertEquals(200, wal.lastIndex());
        }
    }

    @Test
    void releaseNeverDeletesSegmentsPastTheNewestSnapshotMarker() throws IOException {
        try (Wal wal = Wal.open(dir, 0, 1, 4096)) {
            for (long i = 1; i <= 100; i++) {
                wal.append(List.of(big(1, i)), null);
            }
            int before = segmentFiles().size();
            wal.releaseBefore(60); // no snapshot recorded: the log must keep its beginning
            assertEquals(before, segmentFiles().size());
            wal.snapshotSaved(60, 1);
            int withMarker = segmentFiles().size();
            wal.releaseBefore(1000); // the marker is not durable yet
            assertEquals(withMarker, segmentFiles().size());
            wal.sync(); // now it is: what the snapshot at 60 covers goes
            int after = segmentFiles().size();
            assertTrue(after < withMarker, withMarker + " -> " + after);
            wal.releaseBefore(1000); // and no more
            assertEquals(after, segmentFiles().size());
        }
        try (Wal wal = Wal.open(dir, 60, 1, 4096)) {
            assertEquals(bigs(1, 61, 100), wal.recoveredEntries());
        }
    }

    @Test
    void aLostFirstSegmentWithoutASnapshotCoveringItIsCorruption() throws IOException {
        try (Wal wal = Wal.open(dir, 0, 1, 4096)) {
            for (long i = 1; i <= 100; i++) {
                wal.append(List.of(big(1, i)), null);
            }
        }
        Files.delete(segmentFiles().get(0));
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> Wal.open(dir, 0, 1, 4096));
        assertTrue(e.getMessage().contains("gap"), e.getMessage());
    }

    @Test
    void missingMiddleSegmentIsCorruptionNamingTheFile() throws IOException {
        try (Wal wal = Wal.open(dir, 0, 1, 4096)) {
            for (long i = 1; i <= 100; i++) {
                wal.append(List.of(big(1, i)), null);
            }
        }
        List<Path> files = segmentFiles();
        assertTrue(files.size() >= 3);
        Files.delete(files.get(1));
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> Wal.open(dir, 0, 1, 4096));
        assertTrue(e.getMessage().contains(files.get(2).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("sequence"), e.getMessage());
    }

    @Test
    void damageInASealedSegmentIsCorruptionEvenAtItsEnd() throws IOException {
        try (Wal wal = Wal.open(dir, 0, 1, 4096)) {
            for (long i = 1; i <= 100; i++) {
                wal.append(List.of(big(1, i)), null);
            }
        }
        Path first = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(first);
        int end = endOfLog(bytes);
        bytes[end - 1] ^= 0x40;
        Files.write(first, bytes);
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> Wal.open(dir, 0, 1, 4096));
        assertTrue(e.getMessage().contains(first.toString()), e.getMessage());
    }

    /** Entries 1..4 each synced, then entry 5 written without an fsync, then the process is killed. */
    private void entryFiveUnsyncedThenKilled() throws IOException {
        killedAfter(0, wal -> {
            for (long i = 1; i <= 4; i++) {
                wal.append(List.of(entry(1, i)), null);
                wal.sync();
            }
            wal.append(List.of(entry(1, 5)), null);
        });
    }

    @Test
    void tornUnsyncedTailAtEveryByteOfItsRecordIsCutAndAppendContinues() throws IOException {
        entryFiveUnsyncedThenKilled();
        Path file = onlySegment();
        byte[] original = Files.readAllBytes(file);
        WalBytes.Rec five = WalBytes.entry(original, 5);
        assertEquals(five, lastRecord(original), "no SYNCED record after the unsynced entry 5");
        for (int cut = five.offset(); cut < five.end(); cut++) {
            for (boolean truncate : new boolean[] {true, false}) {
                byte[] damaged;
                if (truncate) {
                    damaged = Arrays.copyOf(original, cut);
                } else { // a preallocated file: the unwritten rest reads as zeros
                    damaged = original.clone();
                    Arrays.fill(damaged, cut, five.end(), (byte) 0);
                }
                for (Path p : segmentFiles()) {
                    if (!p.equals(file)) {
                        Files.delete(p); // the last round's rollover: a truncated file has no room left
                    }
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
    void flippedByteInAnUnsyncedLastRecordIsATornTail() throws IOException {
        entryFiveUnsyncedThenKilled();
        Path file = onlySegment();
        byte[] original = Files.readAllBytes(file);
        WalBytes.Rec five = WalBytes.entry(original, 5);
        for (int at = five.offset(); at < five.end(); at++) {
            byte[] damaged = original.clone();
            damaged[at] ^= (byte) 0xff;
            Files.write(file, damaged);
            try (Wal wal = open(0)) {
                assertEquals(entries(1, 1, 4), wal.recoveredEntries(), "flipped byte at " + at);
            }
            byte[] repaired = Files.readAllBytes(file);
            assertEquals(five.offset(), WalBytes.entry(repaired, 4).end(), "flipped byte at " + at);
            assertEquals(WalBytes.entry(repaired, 4), lastRecord(repaired), "the torn record is erased, byte " + at);
        }
    }

    @Test
    void eachSyncLeavesOneSyncedRecordAtTheEndThatTheNextBatchOverwrites() throws IOException {
        writeSynced(1, 5);
        byte[] bytes = Files.readAllBytes(onlySegment());
        List<Integer> types =
                WalBytes.records(bytes).stream().map(WalBytes.Rec::type).toList();
        assertEquals(
                List.of((int) RecordCodec.SNAPSHOT, 1, 1, 1, 1, 1, (int) RecordCodec.SYNCED),
                types,
                "the segment's preamble, five entries, and only the last batch's SYNCED record");
    }

    /**
     * Entries 1..5 each appended and synced (acknowledged), the last one followed by nothing but the SYNCED record
     * written after its fsync: a damaged entry 5 was durable, so erasing it as a torn write would lose an
     * acknowledged write. Checked after a clean stop and after a kill.
     */
    @Test
    void flippedByteInTheLastSyncedRecordIsRefusedNotErased() throws IOException {
        for (boolean cleanStop : new boolean[] {true, false}) {
            for (Path p : segmentFiles()) {
                Files.delete(p);
            }
            if (cleanStop) {
                writeSynced(1, 5);
            } else {
                killedAfter(0, wal -> {
                    for (long i = 1; i <= 5; i++) {
                        wal.append(List.of(entry(1, i)), null);
                        wal.sync();
                    }
                });
            }
            Path file = onlySegment();
            byte[] original = Files.readAllBytes(file);
            WalBytes.Rec five = WalBytes.entry(original, 5);
            assertEquals(RecordCodec.SYNCED, lastRecord(original).type());
            for (int at = five.offset(); at < five.end(); at++) {
                byte[] damaged = original.clone();
                damaged[at] ^= (byte) 0xff;
                Files.write(file, damaged);
                String what = (cleanStop ? "clean stop" : "kill") + ", flipped byte at " + at;
                WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> open(0), what);
                assertWayOut(e, file, five.offset());
                assertTrue(Arrays.equals(damaged, Files.readAllBytes(file)), "left as found, " + what);
            }
        }
    }

    @Test
    void damagedEntryOfASyncedBatchEndingWithItsHardStateIsRefused() throws IOException {
        try (Wal wal = open(0)) {
            wal.append(entries(1, 1, 3), new HardState(1, 1, 2));
            wal.sync();
            wal.append(entries(1, 4, 5), new HardState(1, 1, 5));
            wal.sync();
        }
        Path file = onlySegment();
        byte[] damaged = Files.readAllBytes(file);
        WalBytes.Rec four = WalBytes.entry(damaged, 4);
        damaged[four.end() - 1] ^= 0x01; // the last byte of entry 4's data: only its CRC can tell
        Files.write(file, damaged);
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> open(0));
        assertWayOut(e, file, four.offset());
    }

    @Test
    void flippedByteInAMiddleRecordIsCorruptionNamingFileAndOffset() throws IOException {
        writeSynced(1, 5);
        Path file = onlySegment();
        byte[] original = Files.readAllBytes(file);
        WalBytes.Rec three = WalBytes.entry(original, 3);
        for (int at = three.offset(); at < three.end(); at++) {
            byte[] damaged = original.clone();
            damaged[at] ^= (byte) 0xff;
            Files.write(file, damaged);
            WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> open(0), "byte " + at);
            assertWayOut(e, file, three.offset());
            assertEquals(original.length, Files.size(file));
            assertTrue(Arrays.equals(damaged, Files.readAllBytes(file)), "corruption must not be repaired");
        }
    }

    @Test
    void holeInTheUnsyncedTailIsTornButAHoleBeforeSyncedDataIsCorruption() throws IOException {
        // Entries 4..6 go out in one write with no fsync after entry 3's: a crash may persist the
        // page holding 5..6 but not the one holding 4. Nothing after 3 was ever acknowledged.
        killedAfter(0, wal -> {
            wal.append(entries(1, 1, 3), null);
            wal.sync();
            wal.append(entries(1, 4, 6), null);
        });
        Path file = onlySegment();
        byte[] holed = Files.readAllBytes(file);
        WalBytes.Rec four = WalBytes.entry(holed, 4);
        Arrays.fill(holed, four.offset(), four.end(), (byte) 0);
        Files.write(file, holed);
        try (Wal wal = open(0)) {
            assertEquals(entries(1, 1, 3), wal.recoveredEntries());
        }
        assertEquals(four.offset(), endOfLog(Files.readAllBytes(file)), "unsynced leftovers are erased");

        Files.delete(file);
        writeSynced(1, 6); // now entry 5 was written after entry 4 was fsynced
        file = onlySegment();
        holed = Files.readAllBytes(file);
        four = WalBytes.entry(holed, 4);
        Arrays.fill(holed, four.offset(), four.end(), (byte) 0);
        Files.write(file, holed);
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> open(0));
        assertEquals(four.offset(), e.offset());
    }

    @Test
    void aSegmentCutBackToItsHeaderIsRefused() throws IOException {
        for (boolean truncate : new boolean[] {true, false}) {
            for (Path p : segmentFiles()) {
                Files.delete(p);
            }
            writeSynced(1, 5);
            Path file = onlySegment();
            byte[] cut = Files.readAllBytes(file);
            if (truncate) {
                cut = Arrays.copyOf(cut, Segment.HEADER_SIZE);
            } else {
                Arrays.fill(cut, Segment.HEADER_SIZE, cut.length, (byte) 0);
            }
            Files.write(file, cut);
            WalCorruptionException e =
                    assertThrows(WalCorruptionException.class, () -> open(0), truncate ? "truncated" : "zeroed");
            assertWayOut(e, file, Segment.HEADER_SIZE);
            assertTrue(Arrays.equals(cut, Files.readAllBytes(file)), "a refused log is left as found");
        }
    }

    @Test
    void aLogCutBackBehindTheSnapshotItRecordedIsRefused() throws IOException {
        try (Wal wal = open(0)) {
            for (long i = 1; i <= 60; i++) {
                wal.append(List.of(entry(1, i)), new HardState(1, 1, i));
                wal.sync();
                if (i == 50) {
                    wal.snapshotSaved(50, 1);
                }
            }
        }
        Path file = onlySegment();
        byte[] bytes = Files.readAllBytes(file);
        int cut = WalBytes.entry(bytes, 31).offset(); // a clean record boundary: no checksum can see it
        Arrays.fill(bytes, cut, bytes.length, (byte) 0);
        Files.write(file, bytes);
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> open(50));
        assertWayOut(e, file, cut);
        assertTrue(e.getMessage().contains("index 30") && e.getMessage().contains("index 50"), e.getMessage());
        assertTrue(Arrays.equals(bytes, Files.readAllBytes(file)), "a refused log is left as found");
    }

    @Test
    void aHardStateCommitAboveTheLastEntryIsRefused() throws IOException {
        try (Wal wal = open(0)) {
            wal.append(entries(1, 1, 3), new HardState(1, 1, 3));
            wal.append(List.of(), new HardState(1, 1, 5));
            wal.sync();
        }
        Path file = onlySegment();
        int end = lastRecord(Files.readAllBytes(file)).offset(); // where the SYNCED record sits: the log's end
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> open(0));
        assertWayOut(e, file, end + RecordCodec.SYNCED_SIZE);
        assertTrue(e.getMessage().contains("up to index 5"), e.getMessage());
    }

    @Test
    void theSnapshotMarkerSurvivesTheReleaseOfTheSegmentsBeforeIt() throws IOException {
        long small = 4096;
        try (Wal wal = Wal.open(dir, 0, 1, small)) {
            for (long i = 1; i <= 100; i++) {
                wal.append(List.of(big(1, i)), new HardState(1, 1, i));
            }
            wal.snapshotSaved(100, 1);
            wal.sync();
            assertEquals(1, segmentFiles().size());
        }
        try (Wal wal = Wal.open(dir, 100, 1, small)) {
            assertTrue(wal.recoveredEntries().isEmpty());
            assertEquals(100, wal.lastIndex());
            for (long i = 101; i <= 200; i++) { // rolls over: new segments start with the marker
                wal.append(List.of(big(1, i)), new HardState(1, 1, i));
            }
        }
        try (Wal wal = Wal.open(dir, 100, 1, small)) {
            assertEquals(bigs(1, 101, 200), wal.recoveredEntries());
        }
        Path last = segmentFiles().get(segmentFiles().size() - 1);
        Files.write(last, Arrays.copyOf(Files.readAllBytes(last), Segment.HEADER_SIZE));
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> Wal.open(dir, 100, 1, small));
        assertWayOut(e, last, Segment.HEADER_SIZE);
    }

    @Test
    void aSnapshotFromTheLeaderWhoseFileWasNeverWrittenIsIgnored() throws IOException {
        // The marker is made durable before the file; the process dies before writing the file.
        try (Wal wal = open(0)) {
            wal.append(entries(1, 1, 5), new HardState(1, 1, 5));
            wal.sync();
            wal.snapshotInstalled(100, 3);
        }
        try (Wal wal = open(0)) { // no snapshot file: we start from nothing
            assertEquals(entries(1, 1, 5), wal.recoveredEntries());
            assertEquals(5, wal.lastIndex());
            wal.append(entries(1, 6, 6), new HardState(1, 1, 6));
        }
        try (Wal wal = open(0)) { // the ignored marker was erased: the log goes on after entry 5
            assertEquals(entries(1, 1, 6), wal.recoveredEntries());
        }
    }

    @Test
    void aLogThatGoesOnAfterALeadersSnapshotWhoseFileIsMissingIsRefused() throws IOException {
        try (Wal wal = open(0)) {
            wal.append(entries(1, 1, 5), new HardState(1, 1, 5));
            wal.snapshotInstalled(100, 3);
            wal.append(entries(3, 101, 102), new HardState(3, 1, 102));
        }
        try (Wal wal = open(100)) { // with the file: fine
            assertEquals(entries(3, 101, 102), wal.recoveredEntries());
        }
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> open(0)); // file lost
        assertTrue(e.getMessage().contains("index 100"), e.getMessage());
    }

    @Test
    void filesAreCreatedOwnerOnly() throws IOException {
        writeSynced(1, 5);
        try (Wal wal = open(0)) {
            for (long i = 6; i < 2000 && segmentFiles().size() < 2; i++) {
                wal.append(List.of(big(1, i)), null);
            }
            try (Stream<Path> all = Files.list(dir)) {
                for (Path p : all.toList()) { // segments and the spare being prepared
                    assertEquals(
                            "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
                }
            }
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }
}
