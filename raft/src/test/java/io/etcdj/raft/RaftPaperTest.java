package io.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.raft.rafttest.Cluster;
import io.etcdj.raft.rafttest.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Table tests of the rules in the Raft paper (Ongaro and Ousterhout, 2014), section by section. */
class RaftPaperTest {
    static final Function<Config, Config> PLAIN = c -> c;

    /** Node 1 of voters 1..n with a log of the given terms (entry i+1 has terms[i]) and hard state term. */
    static RawNode nodeWithLog(int voters, long term, long... terms) {
        long[] ids = new long[voters];
        for (int i = 0; i < voters; i++) {
            ids[i] = i + 1;
        }
        MemoryStorage s = new MemoryStorage(ConfState.of(ids));
        s.append(log(terms));
        s.setHardState(new HardState(term, 0, 0));
        return new RawNode(Cluster.config(1, PLAIN), s);
    }

    static List<Entry> log(long... terms) {
        List<Entry> ents = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            ents.add(Entry.normal(terms[i], i + 1, null));
        }
        return ents;
    }

    /** Handles Readys (persisting to the node's MemoryStorage) and returns the messages to send. */
    static List<Message> drain(RawNode rn) {
        return new TestNode(rn.raft().id, (MemoryStorage) rn.raft().raftLog.storage, rn).drain();
    }

    static Message msg(MessageType type, long from, long term) {
        return Message.builder(type).from(from).to(1).term(term).build();
    }

    static void becomeLeader(RawNode rn) {
        rn.campaign();
        long term = rn.raft().term;
        for (long id : rn.raft().tracker.voters().ids()) {
            if (id != 1) {
                rn.step(msg(MessageType.MsgVoteResp, id, term));
            }
        }
    }

    // ---- §5.1 ----

    /** Reference: section 5.1 — a server that sees a larger term updates its own and reverts to follower. */
    @ParameterizedTest(name = "§5.1 {0} steps down on a higher term")
    @EnumSource(
            value = StateType.class,
            names = {"FOLLOWER", "CANDIDATE", "LEADER"})
    void higherTermRevertsToFollower(StateType start) {
        RawNode rn = nodeWithLog(3, 1);
        if (start == StateType.CANDIDATE) {
            rn.campaign();
        } else if (start == StateType.LEADER) {
            becomeLeader(rn);
        }
        assertEquals(start, rn.raft().state);
        rn.step(Message.builder(MessageType.MsgHeartbeat).from(2).to(1).term(9).build());
        assertEquals(StateType.FOLLOWER, rn.raft().state);
        assertEquals(9, rn.raft().term);
        assertEquals(2, rn.raft().lead);
    }

    /** Reference: section 5.1 — a request with a stale term is rejected (answered with our term when leases on). */
    @ParameterizedTest(name = "§5.1 stale MsgApp, checkQuorum={0}: answered={0}")
    @ValueSource(booleans = {false, true})
    void staleTermIsRejected(boolean checkQuorum) {
        MemoryStorage s = new MemoryStorage(ConfState.of(1, 2, 3));
        s.setHardState(new HardState(5, 0, 0));
        RawNode rn = new RawNode(Cluster.config(1, c -> c.withCheckQuorum(checkQuorum)), s);
        drain(rn);
        rn.step(Message.builder(MessageType.MsgApp)
                .from(2)
                .to(1)
                .term(4)
                .entries(log(4))
                .build());
        List<Message> out = drain(rn);
        assertEquals(5, rn.raft().term);
        assertEquals(0, rn.raft().raftLog.lastIndex(), "stale entries must not be appended");
        assertEquals(checkQuorum ? 1 : 0, out.size(), out.toString());
        if (checkQuorum) {
            assertEquals(MessageType.MsgAppResp, out.get(0).type());
            assertEquals(5, out.get(0).term());
        }
    }

    /**
     * Reference: section 5.1 (and thesis §3.3) — a vote request with a stale term is refused with our term, so the
     * candidate catches up; our own term and vote are left alone.
     */
    @ParameterizedTest(name = "§5.1 stale {0} refused with our term")
    @EnumSource(
            value = MessageType.class,
            names = {"MsgVote", "MsgPreVote"})
    void staleVoteRequestIsRefusedWithOurTerm(MessageType request) {
        MemoryStorage s = new MemoryStorage(ConfState.of(1, 2, 3));
        s.setHardState(new HardState(5, 3, 0));
        RawNode rn = new RawNode(Cluster.config(1, PLAIN), s);
        drain(rn);
        rn.step(Message.builder(request).from(2).to(1).term(4).build());
        List<Message> out = drain(rn);
        assertEquals(1, out.size(), out.toString());
        assertEquals(request.voteResponse(), out.get(0).type());
        assertEquals(2, out.get(0).to());
        assertEquals(5, out.get(0).term());
        assertTrue(out.get(0).reject());
        assertEquals(5, rn.raft().term);
        assertEquals(3, rn.raft().vote, "a refusal is not a vote");
    }

    /**
     * A node holding its campaigns (a server's standby) starts no election, not on its timer, not when asked, but its
     * election time still runs: once its leader is silent past the lease it grants another member's vote. (A standby
     * that simply stopped ticking stayed in its lease for ever and refused every vote request with check-quorum on.)
     */
    @Test
    void aNodeHoldingCampaignsNeverStartsOneButStillVotes() {
        MemoryStorage s = new MemoryStorage(ConfState.of(1, 2, 3));
        s.setHardState(new HardState(1, 0, 0));
        RawNode rn = new RawNode(Cluster.config(1, c -> c.withCheckQuorum(true).withPreVote(true)), s);
        drain(rn);
        rn.step(Message.builder(MessageType.MsgHeartbeat).from(3).to(1).term(1).build());
        drain(rn);
        rn.holdCampaigns(true);
        for (int i = 0; i < 3 * rn.raft().config.electionTicks(); i++) {
            rn.tick();
        }
        rn.campaign();
        List<Message> out = drain(rn);
        assertTrue(
                out.stream().noneMatch(m -> m.type() == MessageType.MsgPreVote || m.type() == MessageType.MsgVote),
                out.toString());
        assertEquals(StateType.FOLLOWER, rn.raft().state);
        assertEquals(1, rn.raft().term);

        rn.step(Message.builder(MessageType.MsgVote).from(2).to(1).term(2).build());
        out = drain(rn);
        assertEquals(1, out.size(), out.toString());
        assertEquals(MessageType.MsgVoteResp, out.get(0).type());
        assertTrue(!out.get(0).reject(), "the lease had expired: the vote is granted");
        assertEquals(2, rn.raft().vote);

        rn.holdCampaigns(false);
        for (int i = 0; i < 3 * rn.raft().config.electionTicks(); i++) {
            rn.tick();
        }
        assertTrue(drain(rn).stream().anyMatch(m -> m.type() == MessageType.MsgPreVote), "released: it campaigns");
    }

    /**
     * Without pre-vote, a member left with an old configuration that lacks the up-to-date voter campaigns at terms
     * that voter never hears of. Had it ignored the voter's lower-term request (etcd-raft does), the voter would never
     * learn the higher term and each would keep losing: the refusal's term lets the voter's next campaign win.
     */
    @Test
    void aVoterBehindInTermCatchesUpWithAStaleConfigurationsCandidate() {
        MemoryStorage staleLog = new MemoryStorage(ConfState.of(1, 3, 4)); // 3 and 4 have since left
        staleLog.append(log(1, 1));
        staleLog.setHardState(new HardState(10, 0, 0));
        RawNode stale = new RawNode(Cluster.config(1, PLAIN), staleLog);
        MemoryStorage currentLog = new MemoryStorage(ConfState.of(1, 2));
        currentLog.append(log(1, 1, 1, 1));
        currentLog.setHardState(new HardState(7, 0, 0));
        RawNode current = new RawNode(Cluster.config(2, PLAIN), currentLog);
        drain(stale);
        drain(current);

        stale.campaign(); // term 11; its requests go to 3 and 4, which are gone
        drain(stale);
        current.campaign(); // term 8, below the stale member's
        deliver(drain(current), 1, stale);
        deliver(drain(stale), 2, current);
        assertEquals(StateType.FOLLOWER, current.raft().state, "the refusal carried term 11");
        assertEquals(11, current.raft().term);

        current.campaign(); // term 12: above the stale member's, and its log is the longer one
        deliver(drain(current), 1, stale);
        deliver(drain(stale), 2, current);
        assertEquals(StateType.LEADER, current.raft().state);
        assertEquals(12, current.raft().term);
    }

    /** Steps into {@code node} the messages addressed to {@code to}. */
    private static void deliver(List<Message> messages, long to, RawNode node) {
        for (Message m : messages) {
            if (m.to() == to) {
                node.step(m);
            }
        }
    }

    // ---- §5.2 ----

    /** Reference: section 5.2 — on election timeout a follower becomes candidate, votes for itself, asks all. */
    @ParameterizedTest(name = "§5.2 election timeout with preVote={0}")
    @ValueSource(booleans = {false, true})
    void followerStartsElectionOnTimeout(boolean preVote) {
        MemoryStorage s = new MemoryStorage(ConfState.of(1, 2, 3));
        RawNode rn = new RawNode(Cluster.config(1, c -> c.withPreVote(preVote)), s);
        for (int i = 0; i < 2 * rn.raft().config.electionTicks(); i++) {
            rn.tick();
        }
        List<Message> out = drain(rn);
        Raft r = rn.raft();
        assertEquals(preVote ? StateType.PRE_CANDIDATE : StateType.CANDIDATE, r.state);
        assertEquals(preVote ? 0 : 1, r.term, "a pre-election must not bump the term");
        assertEquals(preVote ? 0 : 1, r.vote);
        MessageType want = preVote ? MessageType.MsgPreVote : MessageType.MsgVote;
        assertEquals(
                List.of(2L, 3L),
                out.stream().filter(m -> m.type() == want).map(Message::to).toList());
        out.forEach(m -> assertEquals(1, m.term()));
    }

    static Stream<Arguments> electionOutcomes() {
        return Stream.of(
                Arguments.of(1, Map.of(), StateType.LEADER),
                Arguments.of(3, Map.of(2L, true, 3L, true), StateType.LEADER),
                Arguments.of(3, Map.of(2L, true), StateType.LEADER),
                Arguments.of(5, Map.of(2L, true, 3L, true, 4L, true, 5L, true), StateType.LEADER),
                Arguments.of(5, Map.of(2L, true, 3L, true), StateType.LEADER),
                Arguments.of(5, Map.of(2L, true), StateType.CANDIDATE),
                Arguments.of(3, Map.of(), StateType.CANDIDATE),
                Arguments.of(3, Map.of(2L, false, 3L, false), StateType.FOLLOWER),
                Arguments.of(5, Map.of(2L, false, 3L, false, 4L, false), StateType.FOLLOWER),
                Arguments.of(5, Map.of(2L, true, 3L, false, 4L, false), StateType.CANDIDATE));
    }

    /** Reference: section 5.2 — a candidate wins with votes from a majority, loses on a majority of rejections. */
    @ParameterizedTest(name = "§5.2 {0} voters, votes {1} -> {2}")
    @MethodSource("electionOutcomes")
    void candidateNeedsMajority(int size, Map<Long, Boolean> votes, StateType want) {
        RawNode rn = nodeWithLog(size, 0);
        rn.campaign();
        votes.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(v -> rn.step(Message.builder(MessageType.MsgVoteResp)
                        .from(v.getKey())
                        .to(1)
                        .term(1)
                        .reject(!v.getValue())
                        .build()));
        assertEquals(want, rn.raft().state);
        assertEquals(1, rn.raft().term);
    }

    static Stream<Arguments> priorVotes() {
        return Stream.of(
                Arguments.of(0L, 2L, true),
                Arguments.of(0L, 3L, true),
                Arguments.of(2L, 2L, true),
                Arguments.of(3L, 3L, true),
                Arguments.of(2L, 3L, false),
                Arguments.of(3L, 2L, false));
    }

    /** Reference: section 5.2 — each server votes for at most one candidate per term, first-come-first-served. */
    @ParameterizedTest(name = "§5.2 voted for {0}, {1} asks: granted={2}")
    @MethodSource("priorVotes")
    void oneVotePerTerm(long priorVote, long candidate, boolean granted) {
        MemoryStorage s = new MemoryStorage(ConfState.of(1, 2, 3));
        s.setHardState(new HardState(1, priorVote, 0));
        RawNode rn = new RawNode(Cluster.config(1, PLAIN), s);
        rn.step(Message.builder(MessageType.MsgVote)
                .from(candidate)
                .to(1)
                .term(1)
                .build());
        List<Message> out = drain(rn);
        assertEquals(1, out.size());
        assertEquals(MessageType.MsgVoteResp, out.get(0).type());
        assertEquals(!granted, out.get(0).reject());
        assertEquals(granted ? candidate : priorVote, rn.raft().vote);
    }

    /** Reference: section 5.2 — election timeouts are chosen randomly from a fixed interval. */
    @Test
    void electionTimeoutIsRandomizedWithinRange() {
        Set<Integer> seen = new HashSet<>();
        for (long seed = 1; seed <= 200; seed++) {
            long s = seed;
            Config cfg = Config.defaults(1, new SplittableRandom(s)).withPreVote(false);
            RawNode rn = new RawNode(cfg, new MemoryStorage(ConfState.of(1, 2, 3)));
            int ticks = 0;
            while (rn.raft().state == StateType.FOLLOWER) {
                rn.tick();
                ticks++;
                assertTrue(ticks < 2 * cfg.electionTicks(), "timeout beyond 2*electionTicks: " + ticks);
            }
            assertTrue(ticks >= cfg.electionTicks(), "timeout below electionTicks: " + ticks);
            seen.add(ticks);
        }
        assertEquals(10, seen.size(), "every timeout in [10, 20) should occur: " + seen);
    }

    // ---- §5.3 ----

    static Stream<Arguments> consistencyChecks() {
        // Follower log [1/1, 2/2], commit 1. (term, index) of the probe -> (reject, response index, hint)
        return Stream.of(
                Arguments.of(0L, 0L, false, 1L, 0L), // below commit: answered with the commit index
                Arguments.of(1L, 1L, false, 1L, 0L),
                Arguments.of(2L, 2L, false, 2L, 0L),
                Arguments.of(1L, 2L, true, 2L, 1L), // term mismatch at 2; index 1 has term <= 1
                Arguments.of(3L, 3L, true, 3L, 2L)); // beyond our log
    }

    /** Reference: section 5.3 — a follower refuses entries unless its log holds the entry preceding them. */
    @ParameterizedTest(name = "§5.3 probe at {1} (term {0}): reject={2}")
    @MethodSource("consistencyChecks")
    void followerChecksPrecedingEntry(long term, long index, boolean reject, long respIndex, long hint) {
        MemoryStorage s = new MemoryStorage(ConfState.of(1, 2, 3));
        s.append(log(1, 2));
        s.setHardState(new HardState(2, 0, 1));
        RawNode rn = new RawNode(Cluster.config(1, PLAIN), s);
        rn.step(Message.builder(MessageType.MsgApp)
                .from(2)
                .to(1)
                .term(2)
                .logTerm(term)
                .index(index)
                .commit(1)
                .build());
        List<Message> out = drain(rn);
        assertEquals(1, out.size(), out.toString());
        Message resp = out.get(0);
        assertEquals(MessageType.MsgAppResp, resp.type());
        assertEquals(reject, resp.reject(), resp.toString());
        assertEquals(respIndex, resp.index(), resp.toString());
        assertEquals(hint, resp.rejectHint(), resp.toString());
    }

    static Stream<Arguments> appends() {
        // Follower log [1/1, 2/2]. (prev index, prev term, new entries as term/index pairs) -> resulting terms.
        return Stream.of(
                Arguments.of(2L, 2L, new long[][] {{3, 3}}, new long[] {1, 2, 3}),
                Arguments.of(1L, 1L, new long[][] {{3, 2}, {4, 3}}, new long[] {1, 3, 4}),
                Arguments.of(0L, 0L, new long[][] {{1, 1}}, new long[] {1, 2}),
                Arguments.of(0L, 0L, new long[][] {{3, 1}}, new long[] {3}));
    }

    /** Reference: section 5.3 — conflicting entries and all that follow them are deleted, new ones appended. */
    @ParameterizedTest(name = "§5.3 append after {0}/{1} -> terms {3}")
    @MethodSource("appends")
    void followerTruncatesConflictsAndAppends(long index, long term, long[][] ents, long[] want) {
        MemoryStorage s = new MemoryStorage(ConfState.of(1, 2, 3));
        s.append(log(1, 2));
        s.setHardState(new HardState(2, 0, 0));
        RawNode rn = new RawNode(Cluster.config(1, PLAIN), s);
        List<Entry> entries = new ArrayList<>();
        for (long[] e : ents) {
            entries.add(Entry.normal(e[0], e[1], null));
        }
        rn.step(Message.builder(MessageType.MsgApp)
                .from(2)
                .to(1)
                .term(4)
                .logTerm(term)
                .index(index)
                .entries(entries)
                .build());
        TestNode tn = new TestNode(1, s, rn);
        tn.drain();
        assertEquals(log(want), s.entries(1, s.lastIndex() + 1, Long.MAX_VALUE));
    }

    /** Reference: section 5.3 — the leader commits an entry once a majority stores it, and followers learn it. */
    @Test
    void leaderCommitsOnMajorityAndFollowersApply() {
        Cluster c = Cluster.of(3, PLAIN);
        TestNode leader = c.elect(1);
        c.drop = m -> m.to() == 3; // one follower is unreachable: a majority (1, 2) still commits
        leader.rawNode.propose("x".getBytes(StandardCharsets.UTF_8));
        c.stabilize();
        long index = leader.rawNode.raft().raftLog.lastIndex();
        assertEquals(index, leader.rawNode.raft().raftLog.committed);
        assertEquals("x", Describe.utf8(leader.applied.get(0).data()));
        assertEquals(index, c.node(2).rawNode.raft().raftLog.committed);
        assertTrue(c.node(3).applied.isEmpty());
    }

    static Stream<Arguments> figure7() {
        long[] leader = {1, 1, 1, 4, 4, 5, 5, 6, 6, 6};
        return Stream.of(
                Arguments.of("a", leader, new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6}),
                Arguments.of("b", leader, new long[] {1, 1, 1, 4}),
                Arguments.of("c", leader, new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6}),
                Arguments.of("d", leader, new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7}),
                Arguments.of("e", leader, new long[] {1, 1, 1, 4, 4, 4, 4}),
                Arguments.of("f", leader, new long[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3}));
    }

    /** Reference: section 5.3, Figure 7 — the leader brings any follower's log in line with its own. */
    @ParameterizedTest(name = "§5.3 Figure 7 ({0})")
    @MethodSource("figure7")
    void leaderRepairsDivergentFollower(String name, long[] leaderLog, long[] followerLog) {
        Cluster c = new Cluster();
        long[][] logs = {leaderLog, followerLog, leaderLog};
        for (int i = 0; i < 3; i++) {
            MemoryStorage s = new MemoryStorage(ConfState.of(1, 2, 3));
            s.append(log(logs[i]));
            s.setHardState(new HardState(i == 0 ? 8 : 7, 0, 0));
            c.add(i + 1, s, PLAIN);
        }
        c.elect(1);
        assertEquals(StateType.LEADER, c.node(1).rawNode.raft().state);
        MemoryStorage l = c.node(1).storage;
        MemoryStorage f = c.node(2).storage;
        assertEquals(l.entries(1, l.lastIndex() + 1, Long.MAX_VALUE), f.entries(1, f.lastIndex() + 1, Long.MAX_VALUE));
    }

    // ---- §5.4 ----

    static Stream<Arguments> upToDate() {
        // Voter log terms; candidate's last (term, index) -> granted?
        return Stream.of(
                Arguments.of(new long[] {1}, 1L, 1L, true),
                Arguments.of(new long[] {1}, 1L, 2L, true),
                Arguments.of(new long[] {1, 1}, 1L, 1L, false), // same last term, shorter log
                Arguments.of(new long[] {2}, 1L, 1L, false), // older last term
                Arguments.of(new long[] {2}, 1L, 2L, false),
                Arguments.of(new long[] {1}, 2L, 1L, true), // newer last term wins whatever the length
                Arguments.of(new long[] {1, 1}, 2L, 1L, true));
    }

    /** Reference: section 5.4.1 — a voter denies its vote if its own log is more up-to-date than the candidate's. */
    @ParameterizedTest(name = "§5.4.1 voter {0}, candidate last {1}/{2}: granted={3}")
    @MethodSource("upToDate")
    void electionRestriction(long[] voterLog, long lastTerm, long lastIndex, boolean granted) {
        RawNode rn = nodeWithLog(3, 2, voterLog);
        rn.step(Message.builder(MessageType.MsgVote)
                .from(2)
                .to(1)
                .term(3)
                .logTerm(lastTerm)
                .index(lastIndex)
                .build());
        List<Message> out = drain(rn);
        assertEquals(1, out.size());
        assertEquals(!granted, out.get(0).reject(), out.get(0).toString());
    }

    static Stream<Arguments> currentTermCommits() {
        // Leader log [1/1, 2/2] elected at term 3 (its empty entry is 3/3); follower acks index -> commit.
        return Stream.of(Arguments.of(1L, 0L), Arguments.of(2L, 0L), Arguments.of(3L, 3L));
    }

    /** Reference: section 5.4.2 — entries of earlier terms are never committed by counting replicas. */
    @ParameterizedTest(name = "§5.4.2 follower acks {0} -> commit {1}")
    @MethodSource("currentTermCommits")
    void onlyCurrentTermEntriesCommitByCount(long ackIndex, long wantCommit) {
        RawNode rn = nodeWithLog(2, 2, 1, 2);
        becomeLeader(rn);
        assertEquals(3, rn.raft().term);
        drain(rn);
        rn.step(Message.builder(MessageType.MsgAppResp)
                .from(2)
                .to(1)
                .term(3)
                .index(ackIndex)
                .build());
        assertEquals(wantCommit, rn.raft().raftLog.committed);
    }
}
