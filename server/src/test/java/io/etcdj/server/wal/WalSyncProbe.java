package io.etcdj.server.wal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Hand-run measurement (not a unit test; surefire does not pick it up) that decided the
 * segment design: is "write a small record + fdatasync" faster on a file whose size never
 * changes (preallocated with real zeros and synced once) than on a file that grows with every
 * write? On a growing file fdatasync must also flush the inode's size change through the
 * journal; on a preallocated file it only flushes the data block. A sparse file (setLength)
 * keeps the size fixed but allocates a block on the first write into it. The real Wal runs too.
 *
 * <p>The disk is shared with other work, so throughput swings by 10x within seconds. The designs
 * therefore take turns in short blocks over one long run, and the probe reports each design's
 * overall rate and its median block rate: noise hits all designs alike.
 *
 * <p>Run: {@code java -cp "server/target/test-classes:server/target/classes:server/target/lib/*"
 * io.etcdj.server.wal.WalSyncProbe [dir on the disk under test] [blocks] [opsPerBlock] [recordBytes]}.
 */
public final class WalSyncProbe {
    private static final long PREALLOC = 64L << 20; // the production segment size

    /** One design: one small write plus fdatasync per call. */
    private interface Design extends AutoCloseable {
        void appendAndSync(long i) throws IOException;

        @Override
        void close() throws IOException;
    }

    public static void main(String[] args) throws IOException {
        Path parent = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"));
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int opsPerBlock = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int recordBytes = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Path dir = Files.createTempDirectory(parent, "walprobe");
        List<String> names = List.of("growing file", "zero-filled preallocated", "sparse (setLength)", "Wal class");
        try {
            long created = System.nanoTime();
            Design[] designs = {
                raw(
                        FileChannel.open(
                                dir.resolve("growing"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        recordBytes),
                raw(zeroFilled(dir.resolve("zeros")), recordBytes),
                raw(sparse(dir.resolve("sparse")), recordBytes),
                wal(Wal.open(dir.resolve("wal"), 0, 0), recordBytes),
            };
            System.out.printf(
                    "creating two zero-filled %d MiB files: %.0f ms%n",
                    PREALLOC >> 20, (System.nanoTime() - created) / 1e6);
            long[] total = new long[designs.length];
            double[][] rates = new double[designs.length][blocks];
            long i = 1;
            for (int b = 0; b < blocks; b++) {
                for (int d = 0; d < designs.length; d++) {
                    long start = System.nanoTime();
                    for (int k = 0; k < opsPerBlock; k++) {
                        designs[d].appendAndSync(i + k);
                    }
                    long nanos = System.nanoTime() - start;
                    total[d] += nanos;
                    rates[d][b] = opsPerBlock * 1e9 / nanos;
                }
                i += opsPerBlock;
            }
            System.out.printf(
                    "%d blocks x %d append+sync of %d bytes per design, designs interleaved:%n",
                    blocks, opsPerBlock, recordBytes);
            for (int d = 0; d < designs.length; d++) {
                double[] r = rates[d].clone();
                Arrays.sort(r);
                System.out.printf(
                        "  %-26s overall %7.0f ops/s   median block %7.0f ops/s%n",
                        names.get(d), (double) blocks * opsPerBlock * 1e9 / total[d], r[blocks / 2]);
                designs[d].close();
            }
            int wins = 0;
            for (int b = 0; b < blocks; b++) {
                wins += rates[1][b] > rates[0][b] ? 1 : 0;
            }
            System.out.printf("zero-filled beat growing in %d of %d blocks%n", wins, blocks);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static FileChannel zeroFilled(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Segment.zero(ch, 0, PREALLOC);
        ch.force(true);
        return ch;
    }

    private static FileChannel sparse(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(PREALLOC);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        ch.force(true);
        return ch;
    }

    private static Design raw(FileChannel ch, int recordBytes) {
        ByteBuffer buf = ByteBuffer.allocateDirect(recordBytes);
        return new Design() {
            long pos;

            @Override
            public void appendAndSync(long i) throws IOException {
                buf.clear();
                while (buf.hasRemaining()) {
                    buf.put((byte) (i | 1));
                }
                pos = Segment.writeFully(ch, buf.flip(), pos);
                ch.force(false);
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    private static Design wal(Wal wal, int recordBytes) {
        byte[] data = new byte[Math.max(0, recordBytes - RecordCodec.entrySize(new LogEntry(1, 1, 0, new byte[0])))];
        return new Design() {
            @Override
            public void appendAndSync(long i) throws IOException {
                wal.append(List.of(new LogEntry(1, i, 0, data)), null);
                wal.sync();
            }

            @Override
            public void close() throws IOException {
                wal.close();
            }
        };
    }
}
