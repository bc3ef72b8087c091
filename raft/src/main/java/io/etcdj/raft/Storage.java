package io.etcdj.raft;

import java.util.List;

/**
 * The persisted log as Raft reads it. Raft never writes here: the caller persists what {@link Ready} hands out
 * (for {@link MemoryStorage}: {@code append}, {@code setHardState}, {@code applySnapshot}) before calling
 * {@link RawNode#advance}. Conventions: the entry before {@link #firstIndex()} is represented by the snapshot,
 * whose term is still available through {@link #term(long)}.
 */
public interface Storage {
    /** The persisted hard state and the membership of the latest snapshot. */
    InitialState initialState();

    /**
     * Entries [lo, hi), at most {@code maxSizeBytes} of them by {@link Entry#sizeBytes()}, but at least one.
     *
     * @throws StorageException.CompactedException if lo is at or below the snapshot index
     * @throws StorageException.UnavailableException if the log holds no entries at all past the snapshot
     */
    List<Entry> entries(long lo, long hi, long maxSizeBytes);

    /**
     * The term of entry i, for i in [firstIndex()-1, lastIndex()].
     *
     * @throws StorageException.CompactedException below that range
     * @throws StorageException.UnavailableException above it
     */
    long term(long i);

    /** Index of the first entry that may be read through {@link #entries}; older ones are in the snapshot. */
    long firstIndex();

    long lastIndex();

    /**
     * The latest snapshot.
     *
     * @throws StorageException.SnapshotTemporarilyUnavailableException while one is being built
     */
    Snapshot snapshot();

    /** What {@link #initialState()} returns. */
    record InitialState(HardState hardState, ConfState confState) {}
}
