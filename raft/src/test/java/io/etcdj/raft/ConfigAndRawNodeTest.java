package io.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.raft.rafttest.Cluster;
import io.etcdj.raft.rafttest.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConfigAndRawNodeTest {
    @Test
    void configValidation() {
        Config ok = Config.defaults(1, new SplittableRandom(1));
        assertEquals(ok, ok.validate());
        assertThrows(
                IllegalArgumentException.class,
                () -> Config.defaults(0, new SplittableRandom(1)).validate());
        assertThrows(IllegalArgumentException.class, () -> ok.withTicks(2, 2).validate());
        assertThrows(IllegalArgumentException.class, () -> ok.withLimits(0, 1).validate());
        assertThrows(IllegalArgumentException.class, () -> ok.withLimits(1, 0).validate());
        assertTrue(ok.preVote() && ok.checkQuorum(), "pre-vote and check-quorum are on by default");
    }

    @Test
    void localMessagesAreRefusedFromTheNetwork() {
        RawNode rn = new RawNode(Cluster.config(1, c -> c), new MemoryStorage(ConfState.of(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> rn.step(Message.builder(MessageType.MsgHup).build()));
    }

    @Test
    void withoutProposalForwardingAFollowerRefusesProposalsInsteadOfSendingThemToTheLeader() {
        Cluster off = Cluster.of(3, c -> c.withProposalForwarding(false));
        off.elect(1);
        TestNode follower = off.node(2);
        assertThrows(ProposalDroppedException.class, () -> follower.rawNode.propose(new byte[] {1}));
        assertTrue(
                follower.drain().stream().noneMatch(m -> m.type() == MessageType.MsgProp),
                "nothing goes to the leader");

        Cluster on = Cluster.of(3, c -> c);
        on.elect(1);
        on.node(2).rawNode.propose(new byte[] {1});
        assertTrue(
                on.node(2).drain().stream().anyMatch(m -> m.type() == MessageType.MsgProp && m.to() == 1),
                "etcd's default: the follower forwards the proposal to the leader");
    }

    @Test
    void oneReadyAtATime() {
        RawNode rn = new RawNode(Cluster.config(1, c -> c), new MemoryStorage(ConfState.of(1)));
        rn.campaign();
        Ready rd = rn.ready();
        assertFalse(rn.hasReady());
        assertThrows(IllegalStateException.class, rn::ready);
        assertThrows(
                IllegalStateException.class,
                () -> rn.advance(new Ready(null, null, List.of(), List.of(), null, List.of(), List.of(), false)));
        assertNotNull(rd.hardState());
        assertTrue(rd.mustSync());
    }

    @Test
    void proposalWithoutLeaderIsDropped() {
        RawNode rn = new RawNode(Cluster.config(1, c -> c), new MemoryStorage(ConfState.of(1, 2, 3)));
        assertThrows(ProposalDroppedException.class, () -> rn.propose(new byte[] {1}));
    }

    @Test
    void restartKeepsTermVoteAndLog() {
        MemoryStorage s = new MemoryStorage();
        TestNode n = new TestNode(1, s, new RawNode(Cluster.config(1, c -> c), s));
        n.rawNode.bootstrap(List.of(1L));
        n.drain();
        n.rawNode.campaign();
        n.rawNode.propose("kept".getBytes(StandardCharsets.UTF_8));
        n.drain();
        HardState before = s.hardState();
        RawNode again = new RawNode(Cluster.config(1, c -> c), s);
        assertEquals(before, again.status().hardState());
        Ready rd = again.ready();
        assertNull(rd.hardState(), "nothing changed since the crash");
        assertEquals(
                "kept",
                Describe.utf8(rd.committedEntries()
                        .get(rd.committedEntries().size() - 1)
                        .data()),
                "committed entries are handed out again for the state machine to rebuild");
    }

    @Test
    void uncommittedBytesAreBounded() {
        Config base = Cluster.config(1, c -> c);
        Config small = new Config(
                1,
                base.electionTicks(),
                base.heartbeatTicks(),
                base.random(),
                base.maxSizePerMsgBytes(),
                base.maxInflightMsgs(),
                100,
                base.maxCommittedSizePerReadyBytes(),
                0,
                false,
                false,
                RaftLogger.NOOP,
                true);
        Cluster c = new Cluster();
        for (long id = 1; id <= 3; id++) {
            MemoryStorage s = new MemoryStorage(ConfState.of(1, 2, 3));
            long nodeId = id;
            c.add(
                    id,
                    s,
                    x -> new Config(
                            nodeId,
                            small.electionTicks(),
                            small.heartbeatTicks(),
                            new SplittableRandom(nodeId),
                            small.maxSizePerMsgBytes(),
                            small.maxInflightMsgs(),
                            100,
                            small.maxCommittedSizePerReadyBytes(),
                            0,
                            false,
                            false,
                            RaftLogger.NOOP,
                            true));
        }
        TestNode leader = c.elect(1);
        c.drop = m -> true; // nothing commits
        leader.rawNode.propose(new byte[60]);
        leader.rawNode.propose(new byte[30]);
        assertThrows(ProposalDroppedException.class, () -> leader.rawNode.propose(new byte[20]));
        c.drop = m -> false;
        leader.rawNode.tick();
        c.stabilize(); // once they commit, there is room again
        leader.rawNode.propose(new byte[20]);
    }

    @Test
    void readIndexOnSingleNodeAnswersAtOnce() {
        Cluster c = Cluster.of(1, x -> x);
        TestNode n = c.elect(1);
        n.rawNode.readIndex(new byte[] {42});
        Ready rd = n.rawNode.ready();
        assertEquals(1, rd.readStates().size());
        assertEquals(
                n.rawNode.status().hardState().commit(), rd.readStates().get(0).index());
        n.rawNode.advance(rd);
    }

    @Test
    void confChangeRoundTrips() {
        ConfChange cc = new ConfChange(ConfChangeType.REMOVE_NODE, 7, "ctx".getBytes(StandardCharsets.UTF_8));
        ConfChange back = ConfChange.decode(cc.encode());
        assertEquals(cc.type(), back.type());
        assertEquals(7, back.nodeId());
        assertEquals("ctx", Describe.utf8(back.context()));
        assertThrows(IllegalArgumentException.class, () -> ConfChange.decode(new byte[3]));
    }

    /** Logs on disk hold these codes (the first format wrote the enum's ordinal, in this order). */
    @Test
    void confChangeTypeCodesAreTheOnesLogsHold() {
        assertEquals(0, ConfChange.addNode(7).encode()[0]);
        assertEquals(1, ConfChange.removeNode(7).encode()[0]);
        byte[] unknown = ConfChange.addNode(7).encode();
        unknown[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> ConfChange.decode(unknown));
    }
}
