package io.etcdj.raft;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One simulated server: its durable storage survives crashes, its RawNode (and unpersisted output) does not. Its
 * state machine is a running hash of the applied entries; a snapshot's data is that hash.
 */
final class SimNode {
    final long id;
    MemoryStorage storage = new MemoryStorage();
    RawNode rn; // null while crashed
    long appliedIndex;
    long appliedHash;
    ConfState confState = ConfState.EMPTY;
    boolean appliedMarker;
    /** Durable, like the server's {@code votes_held} file: the node forgot its log and has not caught up since. */
    boolean votesHeld;

    /** Forgets everything durable, as a member the cluster removed does when it moves its log aside. */
    void forgetLog() {
        storage = new MemoryStorage();
        appliedIndex = 0;
        appliedHash = 0;
        confState = ConfState.EMPTY;
    }

    SimNode(long id) {
        this.id = id;
    }

    /** (Re)starts from durable storage: the state machine is rebuilt from the snapshot, then from the log. */
    void start(Config config) {
        Snapshot snap = storage.snapshot();
        rn = new RawNode(config.withApplied(snap.index()), storage);
        restoreFrom(snap);
    }

    private void restoreFrom(Snapshot snap) {
        appliedIndex = snap.index();
        appliedHash = snap.data().length == 8 ? ByteBuffer.wrap(snap.data()).getLong() : 0;
        confState = snap.metadata().confState();
    }

    /** Step 1 of the Ready contract: snapshot, entries, then hard state. */
    void persist(Ready rd) {
        if (rd.snapshot() != null) {
            storage.applySnapshot(rd.snapshot());
            restoreFrom(rd.snapshot());
        }
        storage.append(rd.entries());
        if (rd.hardState() != null) {
            storage.setHardState(rd.hardState());
        }
    }

    void apply(Entry e) {
        appliedIndex = e.index();
        appliedHash = appliedHash * 31 + Arrays.hashCode(e.data());
        if (e.type() == EntryType.CONF_CHANGE) {
            confState = rn.applyConfChange(ConfChange.decode(e.data()));
        }
    }

    /** Snapshots the state machine at its applied index and drops the log it covers. */
    void compact() {
        byte[] data = ByteBuffer.allocate(8).putLong(appliedHash).array();
        storage.createSnapshot(appliedIndex, confState, data);
        storage.compact(appliedIndex);
    }

    String describe() {
        return "node " + id + (rn == null ? " down" : " " + rn.status()) + " applied=" + appliedIndex + " " + confState;
    }
}
