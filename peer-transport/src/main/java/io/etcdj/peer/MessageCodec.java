package io.etcdj.peer;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.etcdj.proto.RaftProto;
import io.etcdj.raft.ConfState;
import io.etcdj.raft.Entry;
import io.etcdj.raft.EntryType;
import io.etcdj.raft.HardState;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.etcdj.raft.Snapshot;
import io.etcdj.raft.SnapshotMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Raft's plain Java messages to protobuf and back; a round trip gives an equal value for every {@link MessageType}.
 * Enum values are mapped by name through explicit switches, never by ordinal, so reordering either enum cannot
 * silently change the wire. Byte arrays are wrapped, not copied, on the way out: Raft never mutates entry data once
 * it is handed over ({@link Entry}'s contract).
 */
public final class MessageCodec {
    private MessageCodec() {}

    public static RaftProto.Message toProto(Message m) {
        RaftProto.Message.Builder b = RaftProto.Message.newBuilder()
                .setType(toProto(m.type()))
                .setFrom(m.from())
                .setTo(m.to())
                .setTerm(m.term())
                .setLogTerm(m.logTerm())
                .setIndex(m.index())
                .setCommit(m.commit())
                .setReject(m.reject())
                .setRejectHint(m.rejectHint())
                .setContext(wrap(m.context()));
        for (Entry e : m.entries()) {
            b.addEntries(toProto(e));
        }
        if (m.snapshot() != null) {
            b.setSnapshot(toProto(m.snapshot()));
        }
        return b.build();
    }

    public static Message fromProto(RaftProto.Message p) {
        List<Entry> entries = new ArrayList<>(p.getEntriesCount());
        for (RaftProto.Entry e : p.getEntriesList()) {
            entries.add(fromProto(e));
        }
        return new Message(
                fromProto(p.getType()),
                p.getFrom(),
                p.getTo(),
                p.getTerm(),
                p.getLogTerm(),
                p.getIndex(),
                List.copyOf(entries),
                p.getCommit(),
                p.getReject(),
                p.getRejectHint(),
                p.hasSnapshot() ? fromProto(p.getSnapshot()) : null,
                p.getContext().toByteArray());
    }

    public static RaftProto.Entry toProto(Entry e) {
        return RaftProto.Entry.newBuilder()
                .setTerm(e.term())
                .setIndex(e.index())
                .setType(
                        e.type() == EntryType.NORMAL
                                ? RaftProto.EntryType.ENTRY_NORMAL
                                : RaftProto.EntryType.ENTRY_CONF_CHANGE)
                .setData(wrap(e.data()))
                .build();
    }

    public static Entry fromProto(RaftProto.Entry p) {
        EntryType type = switch (p.getType()) {
            case ENTRY_NORMAL -> EntryType.NORMAL;
            case ENTRY_CONF_CHANGE -> EntryType.CONF_CHANGE;
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown entry type " + p.getTypeValue());
        };
        return new Entry(p.getTerm(), p.getIndex(), type, p.getData().toByteArray());
    }

    public static RaftProto.HardState toProto(HardState h) {
        return RaftProto.HardState.newBuilder()
                .setTerm(h.term())
                .setVote(h.vote())
                .setCommit(h.commit())
                .build();
    }

    public static HardState fromProto(RaftProto.HardState p) {
        return new HardState(p.getTerm(), p.getVote(), p.getCommit());
    }

    public static RaftProto.Snapshot toProto(Snapshot s) {
        return RaftProto.Snapshot.newBuilder()
                .setMetadata(toProto(s.metadata()))
                .setData(wrap(s.data()))
                .build();
    }

    public static Snapshot fromProto(RaftProto.Snapshot p) {
        return new Snapshot(fromProto(p.getMetadata()), p.getData().toByteArray());
    }

    public static RaftProto.SnapshotMetadata toProto(SnapshotMetadata m) {
        return RaftProto.SnapshotMetadata.newBuilder()
                .setIndex(m.index())
                .setTerm(m.term())
                .setConfState(RaftProto.ConfState.newBuilder()
                        .addAllVoters(m.confState().voters()))
                .build();
    }

    public static SnapshotMetadata fromProto(RaftProto.SnapshotMetadata p) {
        return new SnapshotMetadata(
                p.getIndex(), p.getTerm(), new ConfState(p.getConfState().getVotersList()));
    }

    public static RaftProto.MessageType toProto(MessageType t) {
        return switch (t) {
            case MsgHup -> RaftProto.MessageType.MSG_HUP;
            case MsgBeat -> RaftProto.MessageType.MSG_BEAT;
            case MsgProp -> RaftProto.MessageType.MSG_PROP;
            case MsgApp -> RaftProto.MessageType.MSG_APP;
            case MsgAppResp -> RaftProto.MessageType.MSG_APP_RESP;
            case MsgVote -> RaftProto.MessageType.MSG_VOTE;
            case MsgVoteResp -> RaftProto.MessageType.MSG_VOTE_RESP;
            case MsgSnap -> RaftProto.MessageType.MSG_SNAP;
            case MsgHeartbeat -> RaftProto.MessageType.MSG_HEARTBEAT;
            case MsgHeartbeatResp -> RaftProto.MessageType.MSG_HEARTBEAT_RESP;
            case MsgUnreachable -> RaftProto.MessageType.MSG_UNREACHABLE;
            case MsgSnapStatus -> RaftProto.MessageType.MSG_SNAP_STATUS;
            case MsgCheckQuorum -> RaftProto.MessageType.MSG_CHECK_QUORUM;
            case MsgTransferLeader -> RaftProto.MessageType.MSG_TRANSFER_LEADER;
            case MsgTimeoutNow -> RaftProto.MessageType.MSG_TIMEOUT_NOW;
            case MsgReadIndex -> RaftProto.MessageType.MSG_READ_INDEX;
            case MsgReadIndexResp -> RaftProto.MessageType.MSG_READ_INDEX_RESP;
            case MsgPreVote -> RaftProto.MessageType.MSG_PRE_VOTE;
            case MsgPreVoteResp -> RaftProto.MessageType.MSG_PRE_VOTE_RESP;
        };
    }

    public static MessageType fromProto(RaftProto.MessageType t) {
        return switch (t) {
            case MSG_HUP -> MessageType.MsgHup;
            case MSG_BEAT -> MessageType.MsgBeat;
            case MSG_PROP -> MessageType.MsgProp;
            case MSG_APP -> MessageType.MsgApp;
            case MSG_APP_RESP -> MessageType.MsgAppResp;
            case MSG_VOTE -> MessageType.MsgVote;
            case MSG_VOTE_RESP -> MessageType.MsgVoteResp;
            case MSG_SNAP -> MessageType.MsgSnap;
            case MSG_HEARTBEAT -> MessageType.MsgHeartbeat;
            case MSG_HEARTBEAT_RESP -> MessageType.MsgHeartbeatResp;
            case MSG_UNREACHABLE -> MessageType.MsgUnreachable;
            case MSG_SNAP_STATUS -> MessageType.MsgSnapStatus;
            case MSG_CHECK_QUORUM -> MessageType.MsgCheckQuorum;
            case MSG_TRANSFER_LEADER -> MessageType.MsgTransferLeader;
            case MSG_TIMEOUT_NOW -> MessageType.MsgTimeoutNow;
            case MSG_READ_INDEX -> MessageType.MsgReadIndex;
            case MSG_READ_INDEX_RESP -> MessageType.MsgReadIndexResp;
            case MSG_PRE_VOTE -> MessageType.MsgPreVote;
            case MSG_PRE_VOTE_RESP -> MessageType.MsgPreVoteResp;
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown message type " + t);
        };
    }

    private static ByteString wrap(byte[] bytes) {
        return bytes.length == 0 ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(bytes);
    }
}
