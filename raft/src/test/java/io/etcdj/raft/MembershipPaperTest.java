package io.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.raft.rafttest.Cluster;
import io.etcdj.raft.rafttest.TestNode;
import io.etcdj.raft.tracker.ProgressTracker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Membership changes one server at a time (Raft paper §6, thesis §4.1), as etcd applies them: on commit. */
class MembershipPaperTest {
    static final Function<Config, Config> PLAIN = c -> c;

    /** Reference: section 6 — once a new server is added, commitment needs a majority of the new configuration. */
    @Test
    void addedVoterCountsTowardsQuorum() {
        Cluster c = Cluster.of(1, PLAIN);
        TestNode leader = c.elect(1);
        c.add(2, new MemoryStorage(ConfState.of(1, 2)), PLAIN);
        leader.rawNode.proposeConfChange(ConfChange.addNode(2));
        c.stabilize();
        assertEquals(List.of(1L, 2L), leader.confState.voters());
        c.drop = m -> m.to() == 2 || m.from() == 2;
        leader.rawNode.propose("needs-two".getBytes(StandardCharsets.UTF_8));
        c.stabilize();
        long last = leader.rawNode.raft().raftLog.lastIndex();
        assertTrue(leader.rawNode.raft().raftLog.committed < last, "committed without the new voter");
        c.drop = m -> false;
        leader.rawNode.tick(); // heartbeat: the new voter catches up
        c.stabilize();
        assertEquals(last, leader.rawNode.raft().raftLog.committed);
        assertEquals(
                List.of("needs-two"),
                c.node(2).applied.stream().map(e -> Describe.utf8(e.data())).toList());
    }

    /**
     * Not in the paper: a member just added counts as active for {@link ProgressTracker#NEW_MEMBER_GRACE_CHECKS}
     * quorum checks. A leader whose quorum grew by a member still starting (one member taking a second) keeps leading
     * meanwhile, and commits once the member answers; one that never answers is given up on after the grace.
     */
    @Test
    void aLeaderWaitsForAMemberStillStartingForAFewElectionTimeoutsNotForever() {
        Function<Config, Config> checkQuorum = cfg -> cfg.withCheckQuorum(true);
        Cluster c = Cluster.of(1, checkQuorum);
        TestNode leader = c.elect(1);
        c.drop = m -> m.to() == 2 || m.from() == 2; // member 2 is not answering yet
        leader.rawNode.proposeConfChange(ConfChange.addNode(2));
        c.stabilize();
        assertEquals(List.of(1L, 2L), leader.confState.voters());
        int electionTicks = 10; // Config.defaults: 8 election timeouts are 1.6 s at etcd's 200 ms
        tick(c, leader, 8 * electionTicks);
        assertEquals(StateType.LEADER, leader.rawNode.raft().state, "stepped down while the new member was starting");

        tick(c, leader, (ProgressTracker.NEW_MEMBER_GRACE_CHECKS + 2) * electionTicks - 8 * electionTicks);
        assertFalse(leader.rawNode.raft().state == StateType.LEADER, "waited for a member that never answered");
    }

    @Test
    void aMemberThatAnswersWithinTheGraceFindsTheLeaderItJoined() {
        Function<Config, Config> checkQuorum = cfg -> cfg.withCheckQuorum(true);
        Cluster c = Cluster.of(1, checkQuorum);
        TestNode leader = c.elect(1);
        c.drop = m -> m.to() == 2 || m.from() == 2;
        leader.rawNode.proposeConfChange(ConfChange.addNode(2));
        c.stabilize();
        leader.rawNode.propose("while-two-starts".getBytes(StandardCharsets.UTF_8));
        tick(c, leader, 7 * 10); // 7 election timeouts: 1.4 s at etcd's 200 ms
        c.add(2, new MemoryStorage(ConfState.of(1, 2)), checkQuorum);
        c.drop = m -> false;
        tick(c, leader, 10);
        assertEquals(StateType.LEADER, leader.rawNode.raft().state);
        long term = leader.rawNode.raft().term;
        assertEquals(leader.rawNode.raft().raftLog.lastIndex(), leader.rawNode.raft().raftLog.committed);
        assertEquals(
                List.of("while-two-starts"),
                c.node(2).applied.stream().map(e -> Describe.utf8(e.data())).toList());
        tick(c, leader, 5 * 10);
        assertEquals(StateType.LEADER, leader.rawNode.raft().state, "the member answers: no reason to step down");
        assertEquals(term, leader.rawNode.raft().term);
    }

    private static void tick(Cluster c, TestNode leader, int ticks) {
        for (int i = 0; i < ticks; i++) {
            leader.rawNode.tick();
            c.stabilize();
        }
    }

    /** Reference: section 6 — after a server is removed, the remaining majority commits without it. */
    @Test
    void removedVoterNoLongerNeeded() {
        Cluster c = Cluster.of(3, PLAIN);
        TestNode leader = c.elect(1);
        leader.rawNode.proposeConfChange(ConfChange.removeNode(3));
        c.stabilize();
        assertEquals(List.of(1L, 2L), leader.confState.voters());
        c.drop = m -> m.to() == 3 || m.from() == 3;
        leader.rawNode.propose("two-of-two".getBytes(StandardCharsets.UTF_8));
        c.stabilize();
        assertEquals(leader.rawNode.raft().raftLog.lastIndex(), leader.rawNode.raft().raftLog.committed);
        // The removed server does not campaign any more, however long it waits.
        TestNode removed = c.node(3);
        for (int i = 0; i < 50; i++) {
            removed.rawNode.tick();
        }
        assertEquals(StateType.FOLLOWER, removed.rawNode.raft().state);
    }

    /** Reference: section 6 (one server at a time) — a second change proposed while one is pending is dropped. */
    @Test
    void onlyOneConfChangePending() {
        Cluster c = Cluster.of(3, PLAIN);
        TestNode leader = c.elect(1);
        leader.rawNode.proposeConfChange(ConfChange.removeNode(3));
        leader.rawNode.proposeConfChange(ConfChange.removeNode(2));
        c.stabilize();
        assertEquals(List.of(1L, 2L), leader.confState.voters());
        long confEntries = leader.storage.entries(1, leader.storage.lastIndex() + 1, Long.MAX_VALUE).stream()
                .filter(e -> e.type() == EntryType.CONF_CHANGE)
                .count();
        assertEquals(1, confEntries, "the second change must have become an empty entry");
    }

    /** Reference: section 6 — a leader that is removed steps down so the rest can elect one of their own. */
    @Test
    void removedLeaderStepsDown() {
        Cluster c = Cluster.of(3, PLAIN);
        TestNode leader = c.elect(1);
        leader.rawNode.proposeConfChange(ConfChange.removeNode(1));
        c.stabilize();
        assertFalse(leader.rawNode.raft().state == StateType.LEADER);
        TestNode next = c.elect(2);
        assertEquals(StateType.LEADER, next.rawNode.raft().state);
        assertEquals(List.of(2L, 3L), next.confState.voters());
    }
}
