package io.etcdj.raft.rafttest;

import io.etcdj.raft.ConfChange;
import io.etcdj.raft.ConfState;
import io.etcdj.raft.Entry;
import io.etcdj.raft.EntryType;
import io.etcdj.raft.MemoryStorage;
import io.etcdj.raft.Message;
import io.etcdj.raft.RawNode;
import io.etcdj.raft.Ready;
import java.util.ArrayList;
import java.util.List;

/**
 * A RawNode with the simplest correct caller around it: persists to a {@link MemoryStorage}, applies committed
 * entries to a list, applies conf changes, and hands back the messages to send. Shared by the transcript harness
 * and the table tests.
 */
public final class TestNode {
    public final long id;
    public final MemoryStorage storage;
    public RawNode rawNode;
    public ConfState confState = ConfState.EMPTY;
    /** Applied normal entries with data, in order; bounded by what a test proposes. */
    public final List<Entry> applied = new ArrayList<>();

    public TestNode(long id, MemoryStorage storage, RawNode rawNode) {
        this.id = id;
        this.storage = storage;
        this.rawNode = rawNode;
    }

    /** Handles one Ready if there is one, in the documented order; returns it (or null) and queues messages out. */
    public Ready handleReady(List<Message> outbox) {
        if (!rawNode.hasReady()) {
            return null;
        }
        Ready rd = rawNode.ready();
        if (rd.snapshot() != null) {
            storage.applySnapshot(rd.snapshot());
            confState = rd.snapshot().metadata().confState();
        }
        storage.append(rd.entries());
        if (rd.hardState() != null) {
            storage.setHardState(rd.hardState());
        }
        outbox.addAll(rd.messages());
        for (Entry e : rd.committedEntries()) {
            if (e.type() == EntryType.CONF_CHANGE) {
                confState = rawNode.applyConfChange(ConfChange.decode(e.data()));
            } else if (e.data().length > 0) {
                applied.add(e);
            }
        }
        rawNode.advance(rd);
        return rd;
    }

    /** Handles Readys until none is left; returns the messages produced. */
    public List<Message> drain() {
        List<Message> out = new ArrayList<>();
        while (handleReady(out) != null) {
            // loop
        }
        return out;
    }
}
