package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.RemovalKind;
import io.etcdj.raft.Entry;
import io.etcdj.raft.EntryType;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.etcdj.server.command.ApplyResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer's messages are input: what a hostile or broken member (one holding a certificate of the peer CA, or anyone
 * on a plain peer port) sends must be dropped and counted, never stop the member or reach its log.
 */
class HostilePeerTest {
    @TempDir
    Path dir;

    private InProcessCluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new InProcessCluster(dir, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void messagesOfLocalTypesOrMisaddressedOrFromStrangersAreDroppedAndCounted() throws Exception {
        List<TestMember> c = threeMembers();
        TestMember leader = leaderOf(c);
        TestMember follower = c.stream().filter(m -> m != leader).findFirst().orElseThrow();
        long self = leader.node.selfId();
        long peer = follower.node.selfId();
        // What five zero bytes on the Send stream decode to: a MsgHup with every field zero.
        PeerInbound inbound = leader.node.peerInbound();
        inbound.onMessage(Message.builder(MessageType.MsgHup).build());
        inbound.onMessage(
                Message.builder(MessageType.MsgHup).from(peer).to(self).build());
        inbound.onMessage(
                Message.builder(MessageType.MsgBeat).from(peer).to(self).build());
        inbound.onMessage(Message.builder(MessageType.MsgHeartbeat)
                .from(peer)
                .to(self + 1)
                .term(99)
                .build());
        inbound.onMessage(Message.builder(MessageType.MsgHeartbeat)
                .from(424242)
                .to(self)
                .term(99)
                .build());
        assertEquals(5, leader.node.rejectedInput().get(InboundGate.KIND));
        assertTrue(leader.node.isLeader(), "nothing reached Raft: no term change, no step-down");
        assertNull(leader.node.health().problem());
        assertEquals("after", set(leader, "/k", "after"));
    }

    @Test
    void aForgedProposalFromAPeerNeverEntersTheLog() throws Exception {
        List<TestMember> c = threeMembers();
        TestMember leader = leaderOf(c);
        TestMember follower = c.stream().filter(m -> m != leader).findFirst().orElseThrow();
        long before = leader.storage.memory().lastIndex();
        // A follower's certificate, a MsgProp whose entry is two bytes: it used to be appended, committed and
        // replicated, then kill every member's apply thread.
        leader.node
                .peerInbound()
                .onMessage(Message.builder(MessageType.MsgProp)
                        .from(follower.node.selfId())
                        .to(leader.node.selfId())
                        .entries(List.of(new Entry(0, 0, EntryType.NORMAL, new byte[] {1, 2})))
                        .build());
        assertEquals(1, leader.node.rejectedInput().get(InboundGate.KIND));
        assertEquals("ok", set(leader, "/k", "ok"));
        assertEquals(before + 1, leader.storage.memory().lastIndex(), "only the real write was logged");
        for (TestMember m : c) {
            await(() -> "ok".equals(m.valueOf("/k")), m.name + " applies on");
            assertNull(m.node.health().problem(), m.name);
        }
    }

    @Test
    void aHeartbeatCommittingPastTheLogIsAnsweredAndTheLoopGoesOn() throws Exception {
        List<TestMember> c = threeMembers();
        TestMember leader = leaderOf(c);
        TestMember follower = c.stream().filter(m -> m != leader).findFirst().orElseThrow();
        // Well-formed and from the real leader's id, but committing far past the follower's log (etcd's raft panics:
        // "tocommit is out of range"; it used to end the follower's Raft loop). A member whose data dir was emptied
        // meets this from its real leader, so it is answered as a refused append: "my log ends here".
        follower.node
                .peerInbound()
                .onMessage(Message.builder(MessageType.MsgHeartbeat)
                        .from(leader.node.selfId())
                        .to(follower.node.selfId())
                        .term(leader.node.term())
                        .commit(1_000_000)
                        .build());
        assertEquals("fine", set(leader, "/k", "fine"));
        await(() -> "fine".equals(follower.valueOf("/k")), "the follower still replicates");
        assertTrue(
                follower.storage.memory().hardState().commit() < 1_000_000,
                "the follower did not commit what it does not have");
        assertEquals(0L, follower.node.rejectedInput().getOrDefault("peer message refused by raft", 0L));
        assertNull(follower.node.health().problem());
    }

    @Test
    void aTransferOfLeadershipToAStrangerIsRefused() throws Exception {
        List<TestMember> c = threeMembers();
        TestMember leader = leaderOf(c);
        assertTrue(!leader.node.peerInbound().onTransferLeadership(777).ok());
        assertTrue(!leader.node
                .peerInbound()
                .onTransferLeadership(leader.node.selfId())
                .ok());
        assertTrue(leader.node.isLeader());
        assertEquals("still", set(leader, "/k", "still"));
    }

    @Test
    void aJoinThatCouldNeverBeReachedIsRefusedBeforeItCostsTheQuorum() throws Exception {
        TestMember alone = cluster.alone("solo", 10_000, TestMember.Timing.FAST);
        await(alone.node::isLeader, "solo leads");
        for (JoinRequest bad : List.of(
                new JoinRequest("x", "ftp://x y", "http://127.0.0.1:4001"),
                new JoinRequest("x", "http://127.0.0.1:7002", "http://127.0.0.1:4002"), // not this cluster's scheme
                new JoinRequest("x", "mem://x", "gopher://x"),
                new JoinRequest("x", "mem://x/path?q", "http://x:1"),
                new JoinRequest("", "mem://x", "http://x:1"),
                new JoinRequest("a/b", "mem://x", "http://x:1"),
                new JoinRequest("two words", "mem://x", "http://x:1"))) {
            JoinResponse r = alone.node.peerInbound().onJoin(bad);
            assertTrue(!r.ok(), "refused: " + bad);
        }
        assertEquals(1, alone.node.members().all().size());
        // A one-member cluster that had taken the first one would need two votes from now on, forever.
        assertEquals("still", set(alone, "/k", "still"));
    }

    @Test
    void aForgedRemovalNoticeDoesNotStopALiveMember() throws Exception {
        List<TestMember> c = threeMembers();
        TestMember leader = leaderOf(c);
        TestMember follower = c.stream().filter(m -> m != leader).findFirst().orElseThrow();
        // Anyone on the peer port can claim "you have been removed"; the leader's heartbeats say otherwise.
        assertTrue(follower.node
                .peerInbound()
                .onRemove(follower.name, RemovalKind.NOTICE)
                .ok());
        // Judged two election timeouts later: the leader's heartbeats in between refute it.
        await(
                () -> follower.node.rejectedInput().getOrDefault(RemovalNotice.KIND, 0L) == 1L,
                "the follower has judged the notice false");
        assertFalse(follower.node.removed().isDone(), "the follower is still a member and running");
        assertEquals("on", set(leader, "/k", "on"));
        await(() -> "on".equals(follower.valueOf("/k")), "the follower still replicates");
    }

    // ---- helpers ----

    private static String set(TestMember m, String key, String value) throws Exception {
        ApplyResult r = m.set(key, value);
        assertNull(r.error());
        return r.event().node().value();
    }

    private List<TestMember> threeMembers() throws Exception {
        return cluster.threeMembers(10_000, TestMember.Timing.FAST);
    }

    private static TestMember leaderOf(List<TestMember> c) throws InterruptedException {
        return InProcessCluster.leaderOf(c);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        InProcessCluster.await(condition, what);
    }
}
