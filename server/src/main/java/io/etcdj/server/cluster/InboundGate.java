package io.etcdj.server.cluster;

import io.etcdj.raft.MemberIds;
import io.etcdj.raft.Message;
import io.etcdj.raft.PeerMessageCheck;
import java.util.function.LongPredicate;

/**
 * The check every Raft message from a peer passes before it reaches the Raft thread (transport threads call it): a
 * message of a type no member sends, addressed to another member, or from a member this one does not know is dropped
 * and counted, never stepped. A peer's certificate proves it was signed by the peer CA, not that its messages are
 * sane, so the content is checked too (see {@code PeerMessageCheck}).
 */
final class InboundGate {
    static final String KIND = "peer message";

    private final long selfId;
    private final LongPredicate knownMember;
    private final RejectedInput rejected;

    /** @param knownMember true for the ids this member currently counts as members (voters and known peers) */
    InboundGate(long selfId, LongPredicate knownMember, RejectedInput rejected) {
        this.selfId = selfId;
        this.knownMember = knownMember;
        this.rejected = rejected;
    }

    /** True if the message may be stepped; otherwise it has been counted and (rate-limited) logged. */
    boolean admit(Message m) {
        String refusal = refusal(m);
        if (refusal == null) {
            return true;
        }
        rejected.reject(KIND, m.type(), m.type() + " from " + MemberIds.hex(m.from()) + ": " + refusal);
        return false;
    }

    private String refusal(Message m) {
        String malformed = PeerMessageCheck.check(m, selfId);
        if (malformed != null) {
            return malformed;
        }
        if (!knownMember.test(m.from())) {
            return "not from a member of this cluster";
        }
        return null;
    }
}
