package io.etcdj.raft;

/** Placeholder (the full check is being written on the peerwire branch): local types and addressing only. */
public final class PeerMessageCheck {
    private PeerMessageCheck() {
    }

    /** Null when a peer may have sent this message to {@code selfId}; otherwise why not. */
    public static String check(Message m, long selfId) {
        if (m.type().isLocal() || m.type() == MessageType.MsgProp) {
            return "message type " + m.type() + " is never sent between members";
        }
        if (m.to() != selfId) {
            return "addressed to " + Long.toHexString(m.to());
        }
        if (m.from() == 0 || m.from() == selfId) {
            return "bad sender " + Long.toHexString(m.from());
        }
        return null;
    }
}
