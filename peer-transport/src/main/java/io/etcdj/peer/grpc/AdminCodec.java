package io.etcdj.peer.grpc;

import io.etcdj.peer.Ack;
import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.Member;
import io.etcdj.peer.RemovalKind;
import io.etcdj.proto.RaftProto;
import java.util.ArrayList;
import java.util.List;

/** The membership calls' plain records to protobuf and back (the Raft messages are MessageCodec's job). */
final class AdminCodec {
    private AdminCodec() {}

    static RaftProto.JoinRequest toProto(JoinRequest r) {
        Member m = r.member();
        return RaftProto.JoinRequest.newBuilder()
                .setName(m.name())
                .setPeerUrl(m.peerUrl())
                .setClientUrl(m.clientUrl())
                .setRepublish(r.republish())
                .setPassedOn(r.passedOn())
                .build();
    }

    static JoinRequest fromProto(RaftProto.JoinRequest p) {
        // The id is not on the wire: derived here from the name, whatever the sender believes.
        return new JoinRequest(
                Member.named(p.getName(), p.getPeerUrl(), p.getClientUrl()), p.getRepublish(), p.getPassedOn());
    }

    static RaftProto.JoinResponse toProto(JoinResponse r) {
        RaftProto.JoinResponse.Builder b = RaftProto.JoinResponse.newBuilder()
                .setOk(r.ok())
                .setError(r.error())
                .setMemberId(r.memberId())
                .setErrorCode(r.errorCode())
                .setLeaderId(r.leaderId())
                .setClusterConfig(r.clusterConfig());
        for (Member m : r.members()) {
            b.addMembers(RaftProto.Member.newBuilder()
                    .setId(m.id())
                    .setName(m.name())
                    .setPeerUrl(m.peerUrl())
                    .setClientUrl(m.clientUrl()));
        }
        return b.build();
    }

    static JoinResponse fromProto(RaftProto.JoinResponse p) {
        List<Member> members = new ArrayList<>(p.getMembersCount());
        for (RaftProto.Member m : p.getMembersList()) {
            members.add(new Member(m.getId(), m.getName(), m.getPeerUrl(), m.getClientUrl()));
        }
        // uint32 past Integer.MAX_VALUE arrives negative: no code we know: treated as none (a plain refusal).
        int errorCode = p.getErrorCode() < 0 ? 0 : p.getErrorCode();
        return new JoinResponse(
                p.getOk(), p.getError(), p.getMemberId(), members, errorCode, p.getLeaderId(), p.getClusterConfig());
    }

    static RaftProto.RemoveRequest toProto(String name, RemovalKind kind) {
        RaftProto.RemovalKind wire = switch (kind) {
            case REQUEST -> RaftProto.RemovalKind.REMOVAL_KIND_REQUEST;
            case NOTICE -> RaftProto.RemovalKind.REMOVAL_KIND_NOTICE;
            case UNSPECIFIED -> RaftProto.RemovalKind.REMOVAL_KIND_UNSPECIFIED;
        };
        return RaftProto.RemoveRequest.newBuilder().setName(name).setKind(wire).build();
    }

    /** The kind of a Remove call by its wire code; null for a code this member does not know (a newer sender's). */
    static RemovalKind kindOf(RaftProto.RemoveRequest p) {
        return switch (p.getKindValue()) {
            case RaftProto.RemovalKind.REMOVAL_KIND_UNSPECIFIED_VALUE -> RemovalKind.UNSPECIFIED;
            case RaftProto.RemovalKind.REMOVAL_KIND_REQUEST_VALUE -> RemovalKind.REQUEST;
            case RaftProto.RemovalKind.REMOVAL_KIND_NOTICE_VALUE -> RemovalKind.NOTICE;
            default -> null;
        };
    }

    static RaftProto.Ack toProto(Ack a) {
        return RaftProto.Ack.newBuilder().setOk(a.ok()).setError(a.error()).build();
    }

    static Ack fromProto(RaftProto.Ack p) {
        return new Ack(p.getOk(), p.getError());
    }
}
