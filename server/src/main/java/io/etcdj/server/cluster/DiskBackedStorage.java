package io.etcdj.server.cluster;

import io.etcdj.raft.Entry;
import io.etcdj.raft.MemoryStorage;
import io.etcdj.raft.Snapshot;
import io.etcdj.raft.SnapshotMetadata;
import io.etcdj.raft.Storage;
import io.etcdj.raft.StorageException;
import io.etcdj.server.wal.SnapshotFiles;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Raft reads: the log from a {@link MemoryStorage}, and the newest snapshot's data from its file. The memory
 * storage keeps only the snapshot's index, term and membership: its data is the whole store (30 MiB for 100,000 keys
 * of 256 B), needed only to send to a follower too far behind for the log, which is rare.
 *
 * <p>When Raft asks for it, the file is read on a loader thread while Raft is told the snapshot is temporarily
 * unavailable; Raft asks again on the follower's next heartbeat response (etcd-io/raft's contract for
 * {@code ErrSnapshotTemporarilyUnavailable}). The data read is handed out once, to the message that carries it to the
 * follower, and then forgotten, so it lives as long as that transfer. At most one read runs at a time. A file that
 * cannot be read is logged as an error and read again only {@link #RETRY_UNREADABLE_MS} later (a transient I/O error
 * passes), not on every heartbeat; the apply loop learns of it ({@link #takeUnreadable}) and writes a new file, which
 * is read at once.
 */
final class DiskBackedStorage implements Storage {
    private static final Logger LOG = LoggerFactory.getLogger(DiskBackedStorage.class);
    static final long RETRY_UNREADABLE_MS = 30_000;

    private final MemoryStorage memory;
    private final SnapshotFiles files;
    private final long retryUnreadableNanos;
    private final Object lock = new Object();
    /** The newest snapshot whose file is complete (0 before any). Guarded by lock. */
    private long savedIndex;
    /** Read from its file, waiting for Raft to ask again; null if none. Guarded by lock. */
    private Snapshot loaded;
    /** True while the loader thread reads a file. Guarded by lock. */
    private boolean loading;
    /** The index whose file could not be read (0 if none), and when it may be tried again. Guarded by lock. */
    private long unreadableIndex;

    private long retryUnreadableAtNanos;
    /** A snapshot found unreadable and not yet reported to {@link #takeUnreadable}'s caller (0 if none). */
    private final AtomicLong unreadableToReplace = new AtomicLong();

    DiskBackedStorage(MemoryStorage memory, SnapshotFiles files) {
        this(memory, files, RETRY_UNREADABLE_MS);
    }

    DiskBackedStorage(MemoryStorage memory, SnapshotFiles files, long retryUnreadableMs) {
        this.memory = memory;
        this.files = files;
        this.retryUnreadableNanos = TimeUnit.MILLISECONDS.toNanos(retryUnreadableMs);
    }

    /** The index of the snapshot whose file could not be read last time it was tried, or 0. */
    long unreadableIndex() {
        synchronized (lock) {
            return unreadableIndex;
        }
    }

    /**
     * The snapshot at {@code index} is complete on disk: it can be read from there from now on. A file written again
     * for an unreadable one is read at Raft's next ask, without waiting out the retry delay.
     */
    void fileSaved(long index) {
        synchronized (lock) {
            savedIndex = Math.max(savedIndex, index);
            if (unreadableIndex != 0 && index >= unreadableIndex) {
                unreadableIndex = 0;
            }
        }
    }

    /** The index of a snapshot found unreadable since the last call, or 0; cheap when there is none. */
    long takeUnreadable() {
        return unreadableToReplace.get() == 0 ? 0 : unreadableToReplace.getAndSet(0);
    }

    /** The metadata of a snapshot with its data left out: what the memory storage keeps. */
    static Snapshot withoutData(SnapshotMetadata metadata) {
        return new Snapshot(metadata, null);
    }

    @Override
    public Snapshot snapshot() {
        Snapshot newest = memory.snapshot();
        if (newest.isEmpty() || newest.data().length > 0) {
            return newest;
        }
        synchronized (lock) {
            if (loaded != null && loaded.index() == newest.index()) {
                Snapshot out = loaded;
                loaded = null;
                return out;
            }
            loaded = null; // an older one nobody asked for again
            long index = newest.index();
            boolean mayRead = unreadableIndex != index || System.nanoTime() - retryUnreadableAtNanos >= 0;
            if (savedIndex >= index && !loading && mayRead) {
                loading = true;
                Thread loader = new Thread(() -> load(newest.metadata()), "etcdj-snapshot-loader");
                loader.setDaemon(true);
                loader.start();
            }
        }
        throw new StorageException.SnapshotTemporarilyUnavailableException();
    }

    /** Loader thread. IOException and RuntimeException are logged; an Error fail-stops (uncaught, etcdj-* thread). */
    private void load(SnapshotMetadata metadata) {
        Snapshot read = null; // SnapshotFiles logs the read (file, size, time)
        try {
            Optional<io.etcdj.server.wal.Snapshot> file = files.load(metadata.index(), metadata.term());
            if (file.isPresent()) {
                read = new Snapshot(metadata, file.get().data());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot read the snapshot at index {} to send it to a follower", metadata.index(), e);
        }
        synchronized (lock) {
            loading = false;
            if (read == null) {
                unreadableIndex = metadata.index();
                unreadableToReplace.set(metadata.index());
                retryUnreadableAtNanos = System.nanoTime() + retryUnreadableNanos;
                LOG.error(
                        "the snapshot at index {} cannot be sent: a new file is written from the store, and a follower"
                                + " that needs it waits for that (or this file is read again in {} s)",
                        metadata.index(),
                        TimeUnit.NANOSECONDS.toSeconds(retryUnreadableNanos));
            } else {
                unreadableIndex = 0;
                loaded = read;
            }
        }
    }

    @Override
    public InitialState initialState() {
        return memory.initialState();
    }

    @Override
    public List<Entry> entries(long lo, long hi, long maxSizeBytes) {
        return memory.entries(lo, hi, maxSizeBytes);
    }

    @Override
    public long term(long i) {
        return memory.term(i);
    }

    @Override
    public long firstIndex() {
        return memory.firstIndex();
    }

    @Override
    public long lastIndex() {
        return memory.lastIndex();
    }
}
