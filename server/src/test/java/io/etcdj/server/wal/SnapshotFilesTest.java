package io.etcdj.server.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFilesTest {
    @TempDir
    Path root;

    private static Snapshot snap(long index) {
        return new Snapshot(index, 3, ("state at " + index).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertSnap(long index, Optional<Snapshot> loaded) {
        assertTrue(loaded.isPresent());
        assertEquals(index, loaded.get().index());
        assertEquals(3, loaded.get().term());
        assertArrayEquals(snap(index).data(), loaded.get().data());
    }

    private List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void emptyDirectoryHasNoSnapshotAndIsCreated() throws IOException {
        Path dir = root.resolve("snap");
        assertEquals(Optional.empty(), new SnapshotFiles(dir).loadNewest());
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void saveThenLoadReturnsTheNewest() throws IOException {
        SnapshotFiles files = new SnapshotFiles(root);
        files.save(snap(10));
        files.save(snap(20));
        assertSnap(20, new SnapshotFiles(root).loadNewest());
        files.save(new Snapshot(30, 4, new byte[0]));
        Snapshot s = files.loadNewest().orElseThrow();
        assertEquals(30, s.index());
        assertEquals(4, s.term());
        assertEquals(0, s.data().length);
    }

    @Test
    void damagedNewestFallsBackToThePreviousOne() throws IOException {
        SnapshotFiles files = new SnapshotFiles(root);
        files.save(snap(10));
        files.save(snap(20));
        Path newest = files(root).get(1);
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 1;
        Files.write(newest, bytes);
        assertSnap(10, files.loadNewest());
        Files.write(newest, new byte[5]);
        assertSnap(10, files.loadNewest());
    }

    @Test
    void onlyTheNewestThreeAreKept() throws IOException {
        SnapshotFiles files = new SnapshotFiles(root);
        for (long i = 1; i <= 6; i++) {
            files.save(snap(i * 100));
        }
        List<Path> left = files(root);
        assertEquals(3, left.size(), left.toString());
        assertTrue(left.get(0).getFileName().toString().startsWith(String.format("%016x-", 400L)), left.toString());
        assertSnap(600, files.loadNewest());
    }

    @Test
    void aSnapshotWrittenInBlocksReadsBackWholeAndByItsIndex() throws IOException {
        byte[] data = new byte[ChunkedBytes.BLOCK_BYTES * 2 + 12345];
        new java.util.Random(7).nextBytes(data);
        ChunkedBytes blocks = new ChunkedBytes();
        blocks.write(data, 0, 100);
        blocks.write(data[100]);
        blocks.write(data, 101, data.length - 101);
        assertEquals(3, blocks.buffers().size(), "written as three blocks");
        SnapshotFiles files = new SnapshotFiles(root);
        files.save(40, 5, blocks);
        files.save(snap(50));
        assertArrayEquals(data, files.load(40, 5).orElseThrow().data());
        assertEquals(Optional.empty(), files.load(40, 6), "another term: no such file");
        assertSnap(50, files.load(50, 3));
        assertSnap(50, files.loadNewest());
    }

    @Test
    void aDamagedSnapshotIsNotLoadedByItsIndex() throws IOException {
        SnapshotFiles files = new SnapshotFiles(root);
        files.save(snap(10));
        Path file = files(root).get(0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 1;
        Files.write(file, bytes);
        assertEquals(Optional.empty(), files.load(10, 3));
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertEquals(Optional.empty(), files.load(10, 3));
    }
}
