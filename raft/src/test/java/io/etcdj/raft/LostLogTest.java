package io.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.raft.rafttest.Cluster;
import io.etcdj.raft.rafttest.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A member that comes back on an empty log under the id the cluster counts (a replaced disk, an emptied data dir,
 * {@code -f}; ids come from names) has forgotten the votes it granted and the entries it acknowledged. Held
 * ({@link RawNode#holdVotesUntilCaughtUp}) it cannot help a stale candidate win, and a leader that still counts what it
 * acknowledged replicates to it anew instead of failing it with a commit index beyond its log.
 */
class LostLogTest {
    static final Function<Config, Config> PLAIN = c -> c;
    static final byte[] WRITE = "acknowledged".getBytes(StandardCharsets.UTF_8);

    /** The cluster after the events below, and 1's durable log (1 is stopped). */
    private record Scenario(Cluster cluster, MemoryStorage oneLog) {}

    /**
     * 1 leads; the write commits on 1 and 3 while 2 is cut off. 3 loses its log and comes back, 1 stops. 2, which
     * never had the write, campaigns: it needs 3's vote.
     */
    private static Scenario writeCommittedWithoutTwoThenThreeForgetsAndOneStops(boolean hold) {
        Cluster c = Cluster.of(3, PLAIN);
        c.elect(1);
        c.drop = m -> m.to() == 2 || m.from() == 2;
        c.node(1).rawNode.propose(WRITE);
        c.stabilize();
        assertEquals(1, c.node(1).applied.size(), "committed by 1 and 3");
        assertEquals(1, c.node(3).applied.size());
        assertTrue(c.node(2).applied.isEmpty());

        TestNode three = c.add(3, new MemoryStorage(ConfState.of(1, 2, 3)), PLAIN);
        if (hold) {
            three.rawNode.holdVotesUntilCaughtUp();
        }
        MemoryStorage oneLog = c.nodes.remove(1L).storage;
        c.drop = m -> false;
        return new Scenario(c, oneLog);
    }

    private static boolean holdsTheWrite(TestNode node) {
        return node.applied.stream().anyMatch(e -> new String(e.data(), StandardCharsets.UTF_8).equals("acknowledged"));
    }

    @Test
    void withoutTheHoldAStaleCandidateWinsAndTheAcknowledgedWriteIsGone() {
        // The danger itself, so that the test below cannot pass for another reason.
        Cluster c = writeCommittedWithoutTwoThenThreeForgetsAndOneStops(false).cluster();
        c.elect(2);
        assertEquals(StateType.LEADER, c.node(2).rawNode.raft().state, "3 voted for 2");
        c.node(2).rawNode.propose("later".getBytes(StandardCharsets.UTF_8));
        c.stabilize();
        assertFalse(holdsTheWrite(c.node(3)), "the committed write was overwritten");
        assertFalse(holdsTheWrite(c.node(2)));
    }

    @Test
    void aHeldMemberGrantsNoVoteToAStaleCandidateAndStartsNoElection() {
        Cluster c = writeCommittedWithoutTwoThenThreeForgetsAndOneStops(true).cluster();
        c.elect(2);
        assertNotEquals(StateType.LEADER, c.node(2).rawNode.raft().state, "3 must not vote while it holds");
        assertEquals(Raft.NONE, c.node(3).rawNode.raft().vote);

        RawNode three = c.node(3).rawNode;
        for (int i = 0; i < 5 * three.raft().config.electionTicks(); i++) {
            three.tick();
        }
        c.stabilize();
        assertEquals(StateType.FOLLOWER, three.raft().state, "a held member does not campaign on its timer");
        three.campaign();
        c.stabilize();
        assertEquals(StateType.FOLLOWER, three.raft().state, "nor when asked to");
        assertTrue(three.votesHeld());
    }

    @Test
    void theHoldEndsOnceTheMemberHoldsAnEntryCommittedInItsLeadersTerm() {
        Scenario s = writeCommittedWithoutTwoThenThreeForgetsAndOneStops(true);
        Cluster c = s.cluster();
        c.elect(2);
        assertNotEquals(StateType.LEADER, c.node(2).rawNode.raft().state);
        // 1 comes back on its log and wins with 2's vote (1's log is the more up to date); its first campaign may
        // lose to 2's term, so it tries a few times (bounded).
        c.nodes.put(1L, new TestNode(1, s.oneLog(), new RawNode(Cluster.config(1, PLAIN), s.oneLog())));
        for (int i = 0; i < 3 && c.node(1).rawNode.raft().state != StateType.LEADER; i++) {
            c.elect(1);
        }
        assertEquals(StateType.LEADER, c.node(1).rawNode.raft().state);
        TestNode three = c.node(3);
        assertFalse(
                three.rawNode.votesHeld(),
                "it holds an entry committed in term " + c.node(1).rawNode.raft().term);
        assertTrue(holdsTheWrite(three), "caught up: it has the write again");

        // From now on it votes as any member: 1 stops, 3 and 2 elect one of them, which has the write.
        c.nodes.remove(1L);
        c.elect(3);
        assertEquals(StateType.LEADER, c.node(3).rawNode.raft().state);
        assertTrue(holdsTheWrite(c.node(2)), "2 got the write from 1 before 1 stopped");
    }

    /**
     * Two members: every entry committed needed both, so the survivor holds them all, and a held member votes for no
     * one: its refusal counts as a grant for the survivor, else such a cluster never elects a leader again.
     */
    @Test
    void inATwoMemberClusterTheSurvivorLeadsOnTheHeldMembersRefusal() {
        Function<Config, Config> preVote = c -> c.withPreVote(true).withCheckQuorum(true);
        Cluster c = Cluster.of(2, preVote);
        c.elect(1);
        c.node(1).rawNode.propose(WRITE);
        c.stabilize();
        assertEquals(1, c.node(2).applied.size());

        TestNode two = c.add(2, new MemoryStorage(ConfState.of(1, 2)), preVote);
        two.rawNode.holdVotesUntilCaughtUp();
        MemoryStorage oneLog = c.node(1).storage;
        c.nodes.put(1L, new TestNode(1, oneLog, new RawNode(Cluster.config(1, preVote), oneLog))); // restarted
        c.elect(1);
        assertEquals(StateType.LEADER, c.node(1).rawNode.raft().state);
        assertFalse(two.rawNode.votesHeld(), "caught up from the survivor");
        assertTrue(holdsTheWrite(two));
    }

    /**
     * The vote 3 forgot may have been cast in the very term it catches up in. Once its leader is gone it knows no
     * leader in that term (a pre-candidate keeps its term), and a vote request of that term delayed in the network
     * must not get a second vote from it.
     */
    @Test
    void aLateVoteRequestOfTheTermItCameBackInGetsNoSecondVote() {
        Function<Config, Config> preVote = c -> c.withPreVote(true);
        Cluster c = Cluster.of(3, preVote);
        c.elect(1);
        long term = c.node(1).rawNode.raft().term;
        assertEquals(1, c.node(3).rawNode.raft().vote, "3 voted for 1 in this term, then loses its log");

        TestNode three = c.add(3, new MemoryStorage(ConfState.of(1, 2, 3)), preVote);
        three.rawNode.holdVotesUntilCaughtUp();
        c.node(1).rawNode.propose(WRITE);
        c.stabilize();
        c.node(1).rawNode.propose("next".getBytes(StandardCharsets.UTF_8));
        c.stabilize();
        assertFalse(three.rawNode.votesHeld(), "caught up with 1");
        assertEquals(term, three.rawNode.raft().term);
        assertEquals(3, three.storage.hardState().vote(), "its lost vote counts as cast, on disk with the release");

        c.nodes.remove(1L);
        for (int i = 0;
                i < 10 * three.rawNode.raft().config.electionTicks()
                        && three.rawNode.raft().state != StateType.PRE_CANDIDATE;
                i++) {
            three.rawNode.tick();
        }
        three.drain(); // its pre-votes go nowhere
        assertEquals(StateType.PRE_CANDIDATE, three.rawNode.raft().state);
        assertEquals(term, three.rawNode.raft().term);
        assertEquals(Raft.NONE, three.rawNode.raft().lead);

        RaftLog twoLog = c.node(2).rawNode.raft().raftLog;
        three.rawNode.step(Message.builder(MessageType.MsgVote)
                .from(2)
                .to(3)
                .term(term)
                .index(twoLog.lastIndex())
                .logTerm(twoLog.lastTerm())
                .build());
        Message answer = three.drain().stream()
                .filter(m -> m.type() == MessageType.MsgVoteResp)
                .findFirst()
                .orElseThrow();
        assertTrue(answer.reject(), "no second vote in term " + term);
    }

    @Test
    void aLeaderReplicatesAnewToAFollowerThatLostWhatItAcknowledged() {
        Cluster c = Cluster.of(3, PLAIN);
        c.elect(1);
        for (int i = 0; i < 5; i++) {
            c.node(1).rawNode.propose(("w" + i).getBytes(StandardCharsets.UTF_8));
        }
        c.stabilize();
        long acknowledged = c.node(1).rawNode.raft().tracker.progress(3).match();
        assertTrue(acknowledged >= 6, "3 acknowledged the writes: " + acknowledged);

        TestNode three = c.add(3, new MemoryStorage(ConfState.of(1, 2, 3)), PLAIN);
        three.rawNode.holdVotesUntilCaughtUp();
        // A heartbeat tells of a commit index beyond 3's emptied log (before: "tocommit out of range", the member
        // failed); it answers where its log ends and the leader starts over from there.
        RawNode leader = c.node(1).rawNode;
        for (int i = 0; i < leader.raft().config.heartbeatTicks(); i++) {
            leader.tick();
        }
        c.stabilize();
        assertEquals(
                leader.raft().raftLog.lastIndex(), three.rawNode.raft().raftLog.lastIndex());
        assertEquals(5, three.applied.size(), "every write again");
        assertFalse(three.rawNode.votesHeld());
        assertEquals(
                leader.raft().raftLog.lastIndex(),
                leader.raft().tracker.progress(3).match());
    }
}
