package io.etcdj.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.etcdj.proto.RaftProto;
import io.etcdj.raft.ConfState;
import io.etcdj.raft.HardState;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.etcdj.raft.Snapshot;
import io.etcdj.raft.SnapshotMetadata;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageCodecTest {

    /** Through the bytes on the wire, not just the builder objects. */
    private static Message roundTrip(Message m) throws Exception {
        byte[] wire = MessageCodec.toProto(m).toByteArray();
        return MessageCodec.fromProto(RaftProto.Message.parseFrom(wire));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyFieldOfEveryTypeSurvives(MessageType type) throws Exception {
        Message m = Messages.full(type);
        Messages.assertSame(m, roundTrip(m));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void defaultsSurviveAndAbsentSnapshotStaysNull(MessageType type) throws Exception {
        Message m = Message.builder(type).build();
        Message back = roundTrip(m);
        Messages.assertSame(m, back);
        assertNull(back.snapshot());
        assertEquals(0, back.context().length);
    }

    @Test
    void emptySnapshotIsNotNull() throws Exception {
        Message m =
                Message.builder(MessageType.MsgSnap).snapshot(Snapshot.EMPTY).build();
        Message back = roundTrip(m);
        Messages.assertSame(m, back);
        assertEquals(Snapshot.EMPTY.metadata(), back.snapshot().metadata());
    }

    @Test
    void everyTypeHasItsOwnWireValue() {
        Set<RaftProto.MessageType> seen = new HashSet<>();
        for (MessageType t : MessageType.values()) {
            RaftProto.MessageType wire = MessageCodec.toProto(t);
            assertEquals(t, MessageCodec.fromProto(wire));
            assertFalse(!seen.add(wire), "two types map to " + wire);
        }
        assertEquals(MessageType.values().length, RaftProto.MessageType.values().length - 1, "UNRECOGNIZED aside");
    }

    @Test
    void hardStateAndSnapshotRoundTrip() throws Exception {
        HardState h = new HardState(-1L, 3, 99);
        assertEquals(
                h,
                MessageCodec.fromProto(
                        RaftProto.HardState.parseFrom(MessageCodec.toProto(h).toByteArray())));
        Snapshot s = new Snapshot(new SnapshotMetadata(10, 2, ConfState.of(3, 1)), new byte[] {1, 2, 3});
        Snapshot back = MessageCodec.fromProto(
                RaftProto.Snapshot.parseFrom(MessageCodec.toProto(s).toByteArray()));
        assertEquals(s.metadata(), back.metadata());
        assertArrayEquals(s.data(), back.data());
    }

    @Test
    void unknownWireValuesAreRefused() {
        RaftProto.Message future =
                RaftProto.Message.newBuilder().setTypeValue(99).build();
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.fromProto(future));
        RaftProto.Entry entry = RaftProto.Entry.newBuilder().setTypeValue(7).build();
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.fromProto(entry));
    }
}
