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

    /** As {@link #save(long, long, ChunkedBytes)}, from one array. */
    public void save(Snapshot snapshot) throws IOException {
        save(snapshot.index(), snapshot.term(), ChunkedBytes.of(snapshot.data()));
    }

    /**
     * Atomic: write temp file, fsync it, rename, fsync the directory. Keeps the newest 3 snapshot files, deletes older
     * ones. The data is written block by block as it lies in memory, never gathered into one array.
     */
    public void save(long index, long term, ChunkedBytes data) throws IOException {
        if (data.size() > Integer.MAX_VALUE - HEADER - 4) {
            throw new IOException("snapshot at index " + index + " is " + data.size() + " bytes: over 2 GiB");
        }
        Path file = dir.resolve(fileName(index, term));
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putInt(VERSION).putLong(index).putLong(term).putInt((int) data.size());
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, HEADER);
        header.flip();
        try (FileChannel ch = OwnerOnly.open(
                tmp,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))) {
            long pos = Segment.writeFully(ch, header, 0);
            for (ByteBuffer block : data.buffers()) {
                crc.update(block.duplicate());
                pos = Segment.writeFully(ch, block, pos);
            }
            ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            trailer.putInt((int) crc.getValue()).flip();
            Segment.writeFully(ch, trailer, pos);
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DurableFiles.fsyncDirectory(dir);
        List<Path> all = snapshotFiles(dir);
        for (Path old : all.subList(0, Math.max(0, all.size() - KEEP))) {
            Files.delete(old);
        }
    }

    /**
     * The snapshot at {@code index} (of {@code term}) if its file is there and verifies: for sending it to a
     * follower, since the newest snapshot is kept on disk only.
     */
    public Optional<Snapshot> load(long index, long term) throws IOException {
        Path file = dir.resolve(fileName(index, term));
        if (!Files.exists(file)) {
            LOG.warn("snapshot {} is missing", file);
            return Optional.empty();
        }
        Optional<Snapshot> snapshot = read(file);
        if (snapshot.isPresent()
                && (snapshot.get().index() != index || snapshot.get().term() != term)) {
            LOG.warn(
                    "snapshot {} holds index {} of term {}; not using it",
                    file,
                    snapshot.get().index(),
                    snapshot.get().term());
            return Optional.empty();
        }
        return snapshot;
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
            Optional<Snapshot> snapshot = read(all.get(i));
            if (snapshot.isPresent()) {
                return snapshot;
            }
        }
        return Optional.empty();
    }

    /**
     * The snapshot in {@code file}, or empty (with a WARN log line naming it) when the file is damaged. The data is
     * read straight into its own array, in blocks, so a large snapshot is in memory once.
     */
    private static Optional<Snapshot> read(Path file) throws IOException {
        long startNanos = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileBytes = ch.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            String problem = null;
            if (fileBytes < HEADER + 4) {
                problem = "shorter than a snapshot header";
            } else if (readFully(ch, header, 0) < HEADER) {
                problem = "shorter than its header";
            } else if (header.getInt(0) != MAGIC || header.getInt(4) != VERSION) {
                problem = "bad magic or version";
            } else if (header.getInt(24) != fileBytes - HEADER - 4) {
                problem = "length field " + header.getInt(24) + " does not match the file size " + fileBytes;
            }
            if (problem != null) {
                LOG.warn("snapshot {} is damaged ({}); not using it", file, problem);
                return Optional.empty();
            }
            byte[] data = new byte[header.getInt(24)];
            long pos = HEADER;
            for (int off = 0; off < data.length; off += ChunkedBytes.BLOCK_BYTES) {
                int n = Math.min(ChunkedBytes.BLOCK_BYTES, data.length - off);
                if (readFully(ch, ByteBuffer.wrap(data, off, n), pos) < n) {
                    LOG.warn("snapshot {} is damaged (shorter than it was a moment ago); not using it", file);
                    return Optional.empty();
                }
                pos += n;
            }
            ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, trailer, pos);
            CRC32C crc = new CRC32C();
            crc.update(header.array(), 0, HEADER);
            crc.update(data, 0, data.length);
            if (trailer.position() < 4 || trailer.getInt(0) != (int) crc.getValue()) {
                LOG.warn("snapshot {} is damaged (checksum mismatch); not using it", file);
                return Optional.empty();
            }
            LOG.info(
                    "read snapshot {} (index {}): {} in {} ms",
                    file.getFileName(),
                    header.getLong(8),
                    ReplayProgress.megabytes(fileBytes),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            return Optional.of(new Snapshot(header.getLong(8), header.getLong(16), data));
        }
    }

    /** Reads until {@code b} is full or the file ends; the number of bytes read. */
    private static int readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int start = b.position();
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return b.position() - start;
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
}
