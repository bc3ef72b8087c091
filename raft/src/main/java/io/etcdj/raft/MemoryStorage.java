package io.etcdj.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link Storage} held in memory, the way etcd-io/raft's is: {@code ents.get(0)} is a dummy entry carrying the
 * snapshot's index and term, so that {@code term(firstIndex() - 1)} works. The log grows until the caller calls
 * {@link #compact}; the caller bounds it by compacting after each snapshot. Methods are synchronized so a storage
 * thread may append while the Raft thread reads.
 */
public final class MemoryStorage implements Storage {
    private HardState hardState = HardState.EMPTY;
    private Snapshot snapshot = Snapshot.EMPTY;
    private List<Entry> ents = new ArrayList<>(List.of(new Entry(0, 0, EntryType.NORMAL, null)));

    /** An empty storage; give the node its membership with {@link RawNode#bootstrap}. */
    public MemoryStorage() {}

    /**
     * An empty storage whose (empty, index 0) snapshot already carries a membership. Only safe if every member is
     * created this way with the same membership, since the log itself then does not record it; tests use it to
     * start from hand-made logs.
     */
    public MemoryStorage(ConfState initial) {
        snapshot = new Snapshot(new SnapshotMetadata(0, 0, initial), null);
    }

    @Override
    public synchronized InitialState initialState() {
        return new InitialState(hardState, snapshot.metadata().confState());
    }

    public synchronized HardState hardState() {
        return hardState;
    }

    public synchronized void setHardState(HardState hs) {
        hardState = hs;
    }

    @Override
    public synchronized List<Entry> entries(long lo, long hi, long maxSizeBytes) {
        long offset = ents.get(0).index();
        if (lo <= offset) {
            throw new StorageException.CompactedException(lo, offset + 1);
        }
        if (hi > lastIndexLocked() + 1) {
            throw new IllegalStateException(
                    "entries' hi(" + hi + ") is out of bound lastindex(" + lastIndexLocked() + ")");
        }
        if (ents.size() == 1) {
            throw new StorageException.UnavailableException(lo, lastIndexLocked());
        }
        return limitSize(ents.subList((int) (lo - offset), (int) (hi - offset)), maxSizeBytes);
    }

    @Override
    public synchronized long term(long i) {
        long offset = ents.get(0).index();
        if (i < offset) {
            throw new StorageException.CompactedException(i, offset + 1);
        }
        if (i - offset >= ents.size()) {
            throw new StorageException.UnavailableException(i, lastIndexLocked());
        }
        return ents.get((int) (i - offset)).term();
    }

    @Override
    public synchronized long firstIndex() {
        return ents.get(0).index() + 1;
    }

    @Override
    public synchronized long lastIndex() {
        return lastIndexLocked();
    }

    private long lastIndexLocked() {
        return ents.get(0).index() + ents.size() - 1;
    }

    @Override
    public synchronized Snapshot snapshot() {
        return snapshot;
    }

    /** Replaces the whole content with a snapshot received from the leader. */
    public synchronized void applySnapshot(Snapshot snap) {
        if (snapshot.index() >= snap.index()) {
            throw new StorageException.SnapshotOutOfDateException(snap.index(), snapshot.index());
        }
        snapshot = snap;
        ents = new ArrayList<>(List.of(new Entry(snap.term(), snap.index(), EntryType.NORMAL, null)));
    }

    /**
     * Records a snapshot of the state machine as of applied index {@code i}; call {@link #compact} afterwards to
     * drop the entries it covers. {@code confState} is the membership as of {@code i}.
     */
    public synchronized Snapshot createSnapshot(long i, ConfState confState, byte[] data) {
        if (i <= snapshot.index()) {
            throw new StorageException.SnapshotOutOfDateException(i, snapshot.index());
        }
        long offset = ents.get(0).index();
        if (i > lastIndexLocked()) {
            throw new IllegalStateException("snapshot " + i + " is out of bound lastindex(" + lastIndexLocked() + ")");
        }
        snapshot = new Snapshot(
                new SnapshotMetadata(i, ents.get((int) (i - offset)).term(), confState), data);
        return snapshot;
    }

    /** Discards entries up to and including {@code compactIndex}; a snapshot must already cover them. */
    public synchronized void compact(long compactIndex) {
        long offset = ents.get(0).index();
        if (compactIndex <= offset) {
            throw new StorageException.CompactedException(compactIndex, offset + 1);
        }
        if (compactIndex > lastIndexLocked()) {
            throw new IllegalStateException(
                    "compact " + compactIndex + " is out of bound lastindex(" + lastIndexLocked() + ")");
        }
        int i = (int) (compactIndex - offset);
        List<Entry> kept = new ArrayList<>(ents.size() - i);
        kept.add(new Entry(ents.get(i).term(), ents.get(i).index(), EntryType.NORMAL, null));
        kept.addAll(ents.subList(i + 1, ents.size()));
        ents = kept;
    }

    /**
     * Appends entries that must be contiguous; entries at or after the first new index are replaced (a new
     * leader overwrote them). Entries already compacted away are skipped.
     */
    public synchronized void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long first = ents.get(0).index() + 1;
        long last = entries.get(0).index() + entries.size() - 1;
        if (last < first) {
            return;
        }
        if (first > entries.get(0).index()) {
            entries = entries.subList((int) (first - entries.get(0).index()), entries.size());
        }
        long offset = entries.get(0).index() - ents.get(0).index();
        if (ents.size() > offset) {
            ents = new ArrayList<>(ents.subList(0, (int) offset));
            ents.addAll(entries);
        } else if (ents.size() == offset) {
            ents.addAll(entries);
        } else {
            throw new IllegalStateException("missing log entry [last: " + lastIndexLocked() + ", append at: "
                    + entries.get(0).index() + "]");
        }
    }

    /** The longest prefix of {@code ents} within {@code maxSizeBytes}, and never less than one entry. */
    static List<Entry> limitSize(List<Entry> ents, long maxSizeBytes) {
        if (ents.isEmpty()) {
            return List.of();
        }
        long size = ents.get(0).sizeBytes();
        int limit = 1;
        while (limit < ents.size()) {
            size += ents.get(limit).sizeBytes();
            if (size > maxSizeBytes) {
                break;
            }
            limit++;
        }
        return List.copyOf(ents.subList(0, limit));
    }
}
