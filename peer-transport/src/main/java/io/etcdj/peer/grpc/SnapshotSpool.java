package io.etcdj.peer.grpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory incoming snapshots are written to while they arrive, and its one slot: a member receives one
 * snapshot at a time, so at most one spool file exists and its size is bounded by the size the sender declared
 * (itself bounded by the transport's limit). Files are owner-only (0600 on POSIX file systems): a snapshot is the
 * whole keyspace. Thread-safe.
 */
final class SnapshotSpool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotSpool.class);
    static final String PREFIX = "incoming-";
    static final String SUFFIX = ".part";

    private final Optional<Path> configuredDir;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Path dir;
    private volatile boolean closed;

    /** Nothing happens on disk until {@link #prepare()}. */
    SnapshotSpool(Optional<Path> configuredDir) {
        this.configuredDir = configuredDir;
    }

    /**
     * Creates the directory (owner-only) if needed and removes spool files a crash left behind; without a
     * configured directory, makes a private temporary one.
     *
     * @throws IOException naming the directory if it cannot be made or cleaned
     */
    synchronized void prepare() throws IOException {
        if (dir != null || closed) {
            return;
        }
        Path d = configuredDir.orElse(null);
        try {
            if (d == null) {
                d = posix()
                        ? Files.createTempDirectory("etcdj-snap-spool-", ownerOnly("rwx------"))
                        : Files.createTempDirectory("etcdj-snap-spool-");
            } else if (!Files.isDirectory(d)) {
                if (posix()) {
                    Files.createDirectories(d, ownerOnly("rwx------"));
                } else {
                    Files.createDirectories(d);
                }
            }
            List<Path> stale = spoolFiles(d);
            for (Path f : stale) {
                Files.deleteIfExists(f);
            }
            if (!stale.isEmpty()) {
                LOG.info("removed {} partly received snapshot file(s) left in {}", stale.size(), d);
            }
        } catch (IOException e) {
            // No cause chained: callers show the cause's message, and this one names the directory and the fix.
            throw new IOException("cannot prepare the incoming snapshot directory " + (d == null ? "(temporary)" : d)
                    + ": " + e + " (it must be a writable directory)");
        }
        dir = d;
    }

    /** The directory in use, once prepared. */
    Path dir() {
        return dir;
    }

    /** A new, empty spool file holding the slot, or null if another snapshot is being received. */
    SpoolFile tryOpen() throws IOException {
        prepare(); // once: the first snapshot prepares a spool nobody prepared
        Path d = dir;
        if (d == null) {
            throw new IOException("the snapshot spool is closed");
        }
        if (!busy.compareAndSet(false, true)) {
            return null;
        }
        try {
            Path file = posix()
                    ? Files.createTempFile(d, PREFIX, SUFFIX, ownerOnly("rw-------"))
                    : Files.createTempFile(d, PREFIX, SUFFIX);
            return new SpoolFile(file, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            busy.set(false);
            throw e;
        }
    }

    /** Removes any spool file left and, if the directory was a temporary one of ours, the directory. */
    @Override
    public synchronized void close() {
        closed = true;
        Path d = dir;
        dir = null;
        if (d == null) {
            return;
        }
        try {
            for (Path f : spoolFiles(d)) {
                Files.deleteIfExists(f);
            }
            if (configuredDir.isEmpty()) {
                Files.deleteIfExists(d);
            }
        } catch (IOException e) {
            LOG.warn("could not clean the incoming snapshot directory {}: {}", d, e.toString());
        }
    }

    private static List<Path> spoolFiles(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && Files.isRegularFile(f);
                    })
                    .toList();
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?> ownerOnly(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }

    /** One incoming snapshot on disk. {@link #close} deletes it and frees the slot; it is idempotent. */
    final class SpoolFile implements AutoCloseable {
        private final Path path;
        private final FileChannel channel;
        private boolean closed;

        private SpoolFile(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }

        Path path() {
            return path;
        }

        /** Appends all of {@code data}. */
        void write(ByteBuffer data) throws IOException {
            while (data.hasRemaining()) {
                channel.write(data);
            }
        }

        /** The whole file, which must be exactly {@code size} bytes long, in one array. */
        byte[] readAll(int size) throws IOException {
            if (channel.size() != size) {
                throw new IOException("spool file " + path + " holds " + channel.size() + " bytes, expected " + size);
            }
            byte[] all = new byte[size];
            ByteBuffer b = ByteBuffer.wrap(all);
            long position = 0;
            while (b.hasRemaining()) {
                int n = channel.read(b, position);
                if (n < 0) {
                    throw new IOException("spool file " + path + " ended at " + position + " of " + size + " bytes");
                }
                position += n;
            }
            return all;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.close();
                Files.deleteIfExists(path);
            } catch (NoSuchFileException e) {
                // removed with the directory already
            } catch (IOException e) {
                // The slot is freed all the same; the file goes at the next start at the latest.
                LOG.warn("could not remove the spool file {}: {}", path, e.toString());
            } finally {
                busy.set(false);
            }
        }
    }
}
