package io.etcdj.server.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Hand-run measurement (not a unit test; surefire does not pick it up) that decided the
 * segment design: is "write a small record + fdatasync" faster on a file whose size never
 * changes (preallocated with real zeros and synced once) than on a file that grows with
 * every write? On a growing file fdatasync must also flush the inode's size change (and
 * on ext4 the block allocation through the journal); on a preallocated file it only flushes
 * the data block.
 *
 * <p>Run: {@code java -cp server/target/test-classes:server/target/classes
 * io.etcdj.server.wal.WalSyncProbe [dir] [ops]}. The dir must be on the disk under test.
 */
public final class WalSyncProbe {
    private static final int RECORD = 64;               // about one small PUT entry with header
    private static final long PREALLOC = 64L << 20;     // the production segment size

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory(
                args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir")), "walprobe");
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        try {
            // Alternate the designs and repeat them so a noisy neighbour skews both alike.
            for (int round = 1; round <= 3; round++) {
                report("growing     ", round, ops, growing(dir.resolve("g" + round), ops));
                report("preallocated", round, ops, preallocated(dir.resolve("p" + round), ops));
                report("sparse      ", round, ops, sparse(dir.resolve("s" + round), ops));
                report("Wal class   ", round, ops, walClass(dir.resolve("w" + round), ops));
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(String name, int round, int ops, long nanos) {
        System.out.printf("%s round %d: %8.0f ops/s  (%.1f us/op)%n",
                name, round, ops * 1e9 / nanos, nanos / 1e3 / ops);
    }

    private static long growing(Path file, int ops) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(RECORD);
            long pos = 0;
            long start = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                pos += writeRecord(ch, buf, pos, i);
                ch.force(false);
            }
            return System.nanoTime() - start;
        }
    }

    private static long preallocated(Path file, int ops) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
            for (long p = 0; p < PREALLOC; p += zeros.capacity()) {
                zeros.clear();
                while (zeros.hasRemaining()) {
                    ch.write(zeros, p + zeros.position());
                }
            }
            ch.force(true);
            ByteBuffer buf = ByteBuffer.allocateDirect(RECORD);
            long pos = 0;
            long start = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                pos += writeRecord(ch, buf, pos, i);
                ch.force(false);
            }
            return System.nanoTime() - start;
        }
    }

    /** setLength only: the size is fixed but blocks are allocated (metadata) on first write. */
    private static long sparse(Path file, int ops) throws IOException {
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(PREALLOC);
            FileChannel ch = raf.getChannel();
            ch.force(true);
            ByteBuffer buf = ByteBuffer.allocateDirect(RECORD);
            long pos = 0;
            long start = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                pos += writeRecord(ch, buf, pos, i);
                ch.force(false);
            }
            return System.nanoTime() - start;
        }
    }

    /** The real Wal with its default segment size: what the server will see. */
    private static long walClass(Path dir, int ops) throws IOException {
        try (Wal wal = Wal.open(dir, 0)) {
            byte[] data = new byte[RECORD - 32];
            long start = System.nanoTime();
            for (int i = 1; i <= ops; i++) {
                wal.append(java.util.List.of(new LogEntry(1, i, 0, data)), null);
                wal.sync();
            }
            return System.nanoTime() - start;
        }
    }

    private static int writeRecord(FileChannel ch, ByteBuffer buf, long pos, int i) throws IOException {
        buf.clear();
        while (buf.hasRemaining()) {
            buf.put((byte) (i | 1));
        }
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf, pos + buf.position());
        }
        return RECORD;
    }
}
