package io.etcdj.raft;

/**
 * Message types. The {@linkplain #isLocal() local} ones never cross the network: {@link RawNode} makes them itself
 * from its method calls (ticks, proposals, reports) and refuses them in {@link RawNode#step}.
 */
public enum MessageType {
    MsgHup(true),
    MsgBeat(true),
    MsgProp(false),
    MsgApp(false),
    MsgAppResp(false),
    MsgVote(false),
    MsgVoteResp(false),
    MsgSnap(false),
    MsgHeartbeat(false),
    MsgHeartbeatResp(false),
    MsgUnreachable(true),
    MsgSnapStatus(true),
    MsgCheckQuorum(true),
    MsgTransferLeader(false),
    MsgTimeoutNow(false),
    MsgReadIndex(false),
    MsgReadIndexResp(false),
    MsgPreVote(false),
    MsgPreVoteResp(false);

    private final boolean local;

    MessageType(boolean local) {
        this.local = local;
    }

    public boolean isLocal() {
        return local;
    }

    public boolean isResponse() {
        return this == MsgAppResp
                || this == MsgVoteResp
                || this == MsgHeartbeatResp
                || this == MsgUnreachable
                || this == MsgPreVoteResp;
    }

    /** The response type a vote request of this type is answered with. */
    MessageType voteResponse() {
        return switch (this) {
            case MsgVote -> MsgVoteResp;
            case MsgPreVote -> MsgPreVoteResp;
            default -> throw new IllegalStateException("not a vote message type: " + this);
        };
    }
}
