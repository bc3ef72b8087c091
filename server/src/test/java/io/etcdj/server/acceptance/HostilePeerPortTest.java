package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.etcdj.proto.PeerProto;
import io.etcdj.proto.RaftPeerGrpc;
import io.etcdj.proto.RaftProto;
import io.etcdj.server.acceptance.EtcdCluster.Member;
import io.etcdj.server.acceptance.EtcdCluster.Resp;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real bytes on a real member's peer port: what a hostile client of port 7001 (anyone, with plain peers) sends is
 * dropped and counted; the member keeps its term, its membership and its health, and takes writes.
 */
@ExtendWith(LogTailOnFailure.class)
class HostilePeerPortTest {
    @TempDir
    Path tmp;

    private EtcdCluster cluster;
    private ManagedChannel channel;

    @AfterEach
    void stopAll() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void fiveZeroBytesOnTheSendStreamAreDroppedOverH2cAndHttp11() throws Exception {
        cluster = new EtcdCluster(tmp);
        Member m1 = cluster.member("machine1");
        m1.start(null);
        Path zeros = Files.write(tmp.resolve("zeros"), new byte[5]); // a gRPC frame of an empty message: MsgHup
        String send = "http://127.0.0.1:" + m1.peerPort + "/etcdj.peer.RaftPeer/Send";
        // The answers are binary gRPC frames: only their status is kept.
        cluster.curl(
                "--http2-prior-knowledge",
                "-o",
                "/dev/null",
                "-X",
                "POST",
                "-H",
                "content-type: application/grpc",
                "-H",
                "te: trailers",
                "--data-binary",
                "@" + zeros,
                send);
        cluster.curl(
                "--http1.1",
                "-o",
                "/dev/null",
                "-X",
                "POST",
                "-H",
                "content-type: application/grpc",
                "--data-binary",
                "@" + zeros,
                send);
        EtcdCluster.await(
                20,
                () -> logMentions(m1, "refused peer message: MsgHup")
                        ? null
                        : "machine1 did not log the refused MsgHup");
        assertHealthyAndWritable(m1, "/after-zeros");
    }

    @Test
    void absurdTermsForgedProposalsAndUnreachableJoinsChangeNothing() throws Exception {
        cluster = new EtcdCluster(tmp);
        List<Member> three = cluster.startSeedThree();
        Member leader = cluster.awaitLeader(30, three);
        Member follower = three.stream().filter(m -> m != leader).findFirst().orElseThrow();
        long leaderId = io.etcdj.peer.Member.idOf(leader.name);
        long followerId = io.etcdj.peer.Member.idOf(follower.name);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", leader.peerPort)
                .usePlaintext()
                .build();
        RaftPeerGrpc.RaftPeerStub stub = RaftPeerGrpc.newStub(channel);

        // A heartbeat "from" a real member with the largest term: it used to become the member's term, and wrap.
        // And a follower's MsgProp with a two-byte entry: it used to be logged and stop every apply thread.
        send(
                stub,
                List.of(
                        RaftProto.Message.newBuilder()
                                .setType(RaftProto.MessageType.MSG_HEARTBEAT)
                                .setFrom(followerId)
                                .setTo(leaderId)
                                .setTerm(Long.MAX_VALUE)
                                .build(),
                        RaftProto.Message.newBuilder()
                                .setType(RaftProto.MessageType.MSG_HEARTBEAT)
                                .setFrom(followerId)
                                .setTo(leaderId)
                                .setTerm(-1L)
                                .build(),
                        RaftProto.Message.newBuilder()
                                .setType(RaftProto.MessageType.MSG_PROP)
                                .setFrom(followerId)
                                .setTo(leaderId)
                                .addEntries(
                                        RaftProto.Entry.newBuilder().setData(ByteString.copyFrom(new byte[] {1, 2})))
                                .build()));
        EtcdCluster.await(
                20,
                () -> logMentions(leader, "refused peer message: MsgProp")
                        ? null
                        : leader + " did not log the refused MsgProp");
        assertTrue(logMentions(leader, "refused peer message: MsgHeartbeat"), "the absurd terms were refused");

        // A join whose peer URL nobody could ever reach: it used to become a voter and cost the quorum for good.
        RaftProto.JoinResponse join = RaftPeerGrpc.newBlockingStub(channel)
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .join(RaftProto.JoinRequest.newBuilder()
                        .setName("intruder")
                        .setPeerUrl("ftp://x y")
                        .setClientUrl("http://127.0.0.1:1")
                        .build());
        assertFalse(join.getOk());
        assertTrue(join.getError().contains("peer URL"), join.getError());

        Resp machines = EtcdCluster.get(leader.url("/v2/machines"));
        assertEquals(3, machines.body().split(", ").length, machines.body());
        Resp write = EtcdCluster.follow("PUT", leader.url("/v2/keys/term-check"), EtcdCluster.form("x"));
        long term = Long.parseLong(write.header("X-Raft-Term"));
        assertTrue(term > 0 && term < 1_000, "the term stayed sane: " + term);
        for (Member m : three) {
            assertHealthyAndWritable(m, "/after-" + m.name);
        }
    }

    private static void send(RaftPeerGrpc.RaftPeerStub stub, List<RaftProto.Message> messages)
            throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        StreamObserver<RaftProto.Message> out = stub.send(new StreamObserver<>() {
            @Override
            public void onNext(PeerProto.StreamOpened opened) {}

            @Override
            public void onError(Throwable t) {
                closed.countDown();
            }

            @Override
            public void onCompleted() {
                closed.countDown();
            }
        });
        messages.forEach(out::onNext);
        out.onCompleted();
        assertTrue(closed.await(20, TimeUnit.SECONDS), "the peer closed the stream");
    }

    private static boolean logMentions(Member m, String text) {
        try {
            return m.log().contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static void assertHealthyAndWritable(Member m, String key) throws Exception {
        Resp health = EtcdCluster.get(m.url("/health"));
        assertEquals(200, health.status(), health.toString());
        assertEquals("true", health.json().path("health").asText());
        EtcdCluster.set(m, key, "ok", 20);
    }
}
