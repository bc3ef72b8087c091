package io.etcdj.server.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot files in one directory, named {@code %016x-%016x.snap} (index, term) so the newest
 * sorts last. A file is: int magic, int version, long index, long term, int length, data, and a
 * CRC32C of everything before it, all little-endian. Several are kept so that a snapshot damaged
 * on disk still leaves an older one to start from (the WAL keeps the entries after it until the
 * caller releases them).
 */
public final class SnapshotFiles {
    static final int KEEP = 3;
    private static final int MAGIC = 0x50414e53; // "SNAP" as little-endian bytes
    private static final int VERSION = 1;
    private static final int HEADER = 4 + 4 + 8 + 8 + 4;
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFiles.class);

    private final Path dir;

    public SnapshotFiles(Path dir) {
        this.dir = dir;
        try {
            OwnerOnly.directory(dir);
            OwnerOnly.files(dir, snapshotFiles(dir)); // an earlier build made them 0644
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create snapshot directory " + dir, e);
        }
    }

    /** Atomic: write temp file, fsync it, rename, fsync the directory. Keeps the newest 3 snapshot files, deletes older ones. */
    public void save(Snapshot snapshot) throws IOException {
        Path file = dir.resolve(String.format("%016x-%016x.snap", snapshot.index(), snapshot.term()));
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        ByteBuffer b = ByteBuffer.allocate(HEADER + snapshot.data().length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC)
                .putInt(VERSION)
                .putLong(snapshot.index())
                .putLong(snapshot.term())
                .putInt(snapshot.data().length)
                .put(snapshot.data());
        b.putInt(crc(b.array(), b.position()));
        b.flip();
        try (FileChannel ch = OwnerOnly.open(
                tmp,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))) {
            Segment.writeFully(ch, b, 0);
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DirectorySync.fsync(dir);
        List<Path> all = snapshotFiles(dir);
        for (Path old : all.subList(0, Math.max(0, all.size() - KEEP))) {
            Files.delete(old);
        }
    }

    /** The newest snapshot whose checksum verifies; a damaged newer file is skipped with a WARN log line naming it. */
    public Optional<Snapshot> loadNewest() throws IOException {
        return loadNewestIn(dir);
    }

    /**
     * As {@link #loadNewest} without creating the directory or touching any file mode: for a reader of another
     * process's data dir (a backup). A missing directory holds no snapshot.
     */
    public static Optional<Snapshot> loadNewestIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> all = snapshotFiles(dir);
        for (int i = all.size() - 1; i >= 0; i--) {
            Path file = all.get(i);
            String problem = null;
            long startNanos = System.nanoTime();
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.length < HEADER + 4) {
                problem = "shorter than a snapshot header";
            } else if (b.getInt(0) != MAGIC || b.getInt(4) != VERSION) {
                problem = "bad magic or version";
            } else if (b.getInt(24) != bytes.length - HEADER - 4) {
                problem = "length field " + b.getInt(24) + " does not match the file size " + bytes.length;
            } else if (b.getInt(bytes.length - 4) != crc(bytes, bytes.length - 4)) {
                problem = "checksum mismatch";
            }
            if (problem != null) {
                LOG.warn("snapshot {} is damaged ({}); trying an older one", file, problem);
                continue;
            }
            byte[] data = new byte[bytes.length - HEADER - 4];
            System.arraycopy(bytes, HEADER, data, 0, data.length);
            LOG.info(
                    "read snapshot {} (index {}): {} in {} ms",
                    file.getFileName(),
                    b.getLong(8),
                    ReplayProgress.megabytes(bytes.length),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            return Optional.of(new Snapshot(b.getLong(8), b.getLong(16), data));
        }
        return Optional.empty();
    }

    /** Snapshot files oldest first (by index, then term, which is what the fixed-width hex names sort by). */
    private static List<Path> snapshotFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{16}-[0-9a-f]{16}\\.snap"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The file name a snapshot at index (of term) has, as {@link #save} names it. */
    public static String fileName(long index, long term) {
        return String.format("%016x-%016x.snap", index, term);
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
