package io.etcdj.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.etcdj.raft.ConfState;
import io.etcdj.raft.Entry;
import io.etcdj.raft.EntryType;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.etcdj.raft.Snapshot;
import io.etcdj.raft.SnapshotMetadata;
import java.util.List;
import java.util.Random;

/** Test messages and a field-by-field comparison (Message is a record over byte[], whose equals is identity). */
public final class Messages {
    private Messages() {}

    public static Message app(long from, long to, long index, String data) {
        return Message.builder(MessageType.MsgApp)
                .from(from)
                .to(to)
                .term(3)
                .logTerm(3)
                .index(index - 1)
                .commit(index)
                .entries(List.of(Entry.normal(3, index, data.getBytes())))
                .build();
    }

    public static Message heartbeat(long from, long to) {
        return Message.builder(MessageType.MsgHeartbeat)
                .from(from)
                .to(to)
                .term(3)
                .commit(1)
                .build();
    }

    public static Message snap(long from, long to, int dataBytes, long seed) {
        byte[] data = new byte[dataBytes];
        new Random(seed).nextBytes(data);
        Snapshot snapshot = new Snapshot(new SnapshotMetadata(1000, 4, ConfState.of(1, 2, 3)), data);
        return Message.builder(MessageType.MsgSnap)
                .from(from)
                .to(to)
                .term(4)
                .snapshot(snapshot)
                .build();
    }

    /** Every field set to something other than its default, so that a lost field shows. */
    public static Message full(MessageType type) {
        Snapshot snapshot = new Snapshot(new SnapshotMetadata(77, 6, ConfState.of(1, 5, -1L)), new byte[] {9, 8, 7});
        return Message.builder(type)
                .from(1)
                .to(0xFFFF_FFFF_FFFF_FFFFL)
                .term(6)
                .logTerm(5)
                .index(Long.MAX_VALUE)
                .entries(List.of(
                        Entry.normal(5, 41, new byte[] {1, 2}),
                        new Entry(6, 42, EntryType.CONF_CHANGE, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 2}),
                        Entry.normal(6, 43, null)))
                .commit(40)
                .reject(true)
                .rejectHint(39)
                .snapshot(snapshot)
                .context("campaign".getBytes())
                .build();
    }

    public static void assertSame(Message expected, Message actual) {
        assertEquals(expected.type(), actual.type(), "type");
        assertEquals(expected.from(), actual.from(), "from");
        assertEquals(expected.to(), actual.to(), "to");
        assertEquals(expected.term(), actual.term(), "term");
        assertEquals(expected.logTerm(), actual.logTerm(), "logTerm");
        assertEquals(expected.index(), actual.index(), "index");
        assertEquals(expected.entries(), actual.entries(), "entries");
        assertEquals(expected.commit(), actual.commit(), "commit");
        assertEquals(expected.reject(), actual.reject(), "reject");
        assertEquals(expected.rejectHint(), actual.rejectHint(), "rejectHint");
        assertArrayEquals(expected.context(), actual.context(), "context");
        if (expected.snapshot() == null) {
            assertNull(actual.snapshot(), "snapshot");
        } else {
            assertEquals(expected.snapshot().metadata(), actual.snapshot().metadata(), "snapshot metadata");
            assertArrayEquals(expected.snapshot().data(), actual.snapshot().data(), "snapshot data");
        }
    }
}
