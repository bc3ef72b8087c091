package io.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.raft.rafttest.Cluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a peer may send: table tests over every message type and each absurd field, and, as the guard against false
 * refusals, every message real Raft members send each other in the seeded simulation and in leadership transfers.
 */
class PeerMessageCheckTest {
    static final long SELF = 2;
    static final long PEER = 1;
    static final long TERM = 7;

    /** A message of this type as a correct member would send it to {@link #SELF}. */
    static Message good(MessageType type) {
        Message.Builder b = Message.builder(type).from(PEER).to(SELF).term(TERM);
        return switch (type) {
            case MsgApp ->
                b.index(10)
                        .logTerm(5)
                        .commit(9)
                        .entries(List.of(
                                Entry.normal(5, 11, new byte[] {1}),
                                Entry.normal(7, 12, null),
                                new Entry(7, 13, EntryType.CONF_CHANGE, new byte[] {2})))
                        .build();
            case MsgAppResp -> b.index(12).build();
            case MsgVote ->
                b.index(12).logTerm(6).context(Raft.CAMPAIGN_TRANSFER).build();
            case MsgPreVote -> b.term(TERM + 1).index(12).logTerm(TERM).build();
            case MsgVoteResp, MsgPreVoteResp -> b.reject(true).build();
            case MsgSnap ->
                b.snapshot(new Snapshot(new SnapshotMetadata(100, 6, ConfState.of(1, 2, 3)), new byte[] {9}))
                        .build();
            case MsgHeartbeat -> b.commit(12).context(new byte[8]).build();
            case MsgHeartbeatResp -> b.context(new byte[8]).build();
            case MsgReadIndex -> b.term(0).context(new byte[8]).build();
            case MsgReadIndexResp -> b.index(12).context(new byte[8]).build();
            case MsgTransferLeader, MsgTimeoutNow -> b.build();
            default -> throw new IllegalArgumentException(type + " is never sent by a peer");
        };
    }

    static boolean peerType(MessageType type) {
        return !type.isLocal() && type != MessageType.MsgProp;
    }

    static String check(Message m) {
        return PeerMessageCheck.check(m, SELF);
    }

    static void assertRefused(Message m, String reasonPart) {
        String reason = check(m);
        assertNotNull(reason, "accepted: " + m);
        assertTrue(reason.contains(reasonPart), "reason '" + reason + "' lacks '" + reasonPart + "' for " + m);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyTypeIsAcceptedAsCorrectMembersSendItOrRefusedIfNoPeerMaySendIt(MessageType type) {
        if (peerType(type)) {
            assertNull(check(good(type)), type.toString());
        } else {
            // A local type, with fields that are otherwise fine: five zero bytes on the wire decode as MsgHup.
            Message m = Message.builder(type)
                    .from(PEER)
                    .to(SELF)
                    .term(TERM)
                    .entries(type == MessageType.MsgProp ? List.of(Entry.normal(0, 0, new byte[] {1})) : List.of())
                    .build();
            assertRefused(m, type == MessageType.MsgProp ? "proposal" : "local message type " + type);
            assertRefused(Message.builder(type).build(), type == MessageType.MsgProp ? "proposal" : "local");
        }
    }

    /** Each absurd value of each numeric field, on every type a peer may send. */
    @ParameterizedTest
    @EnumSource(MessageType.class)
    void absurdNumbersAreRefusedOnEveryType(MessageType type) {
        if (!peerType(type)) {
            return;
        }
        Message good = good(type);
        Map<String, UnaryOperator<Message.Builder>> bad = new LinkedHashMap<>();
        bad.put("addressed to", b -> b.to(3));
        bad.put("addressed to 0", b -> b.to(0));
        bad.put("sender id 0", b -> b.from(0));
        bad.put("sender id -1", b -> b.from(-1));
        bad.put("term above 2^63", b -> b.term(-1));
        bad.put("term " + Long.MAX_VALUE, b -> b.term(Long.MAX_VALUE));
        bad.put("term " + (PeerMessageCheck.MAX_TERM + 1), b -> b.term(PeerMessageCheck.MAX_TERM + 1));
        bad.put("logTerm above 2^63", b -> b.logTerm(Long.MIN_VALUE));
        bad.put("logTerm " + (PeerMessageCheck.MAX_TERM + 1), b -> b.logTerm(PeerMessageCheck.MAX_TERM + 1));
        bad.put("index above 2^63", b -> b.index(-1));
        bad.put("index " + (PeerMessageCheck.MAX_INDEX + 1), b -> b.index(PeerMessageCheck.MAX_INDEX + 1));
        bad.put("commit above 2^63", b -> b.commit(-12));
        bad.put("commit " + Long.MAX_VALUE, b -> b.commit(Long.MAX_VALUE));
        bad.put("rejectHint above 2^63", b -> b.rejectHint(-1));
        bad.put("rejectHint " + (PeerMessageCheck.MAX_INDEX + 1), b -> b.rejectHint(PeerMessageCheck.MAX_INDEX + 1));
        bad.put("context of 257 bytes", b -> b.context(new byte[PeerMessageCheck.MAX_CONTEXT_BYTES + 1]));
        if (type != MessageType.MsgTransferLeader) {
            bad.put("claims to come from this member", b -> b.from(SELF));
        }
        if (type != MessageType.MsgApp) {
            bad.put("entries on " + type, b -> b.entries(List.of(Entry.normal(TERM, 1, null))));
        }
        if (type != MessageType.MsgSnap) {
            bad.put(
                    "snapshot on " + type,
                    b -> b.snapshot(new Snapshot(new SnapshotMetadata(5, 1, ConfState.of(1)), null)));
        }
        if (type != MessageType.MsgReadIndex && type != MessageType.MsgPreVoteResp) {
            bad.put("term 0 on " + type, b -> b.term(0));
        }
        for (Map.Entry<String, UnaryOperator<Message.Builder>> e : bad.entrySet()) {
            assertRefused(e.getValue().apply(good.toBuilder()).build(), e.getKey());
        }
    }

    @Test
    void boundsThemselvesAreAccepted() {
        long max = PeerMessageCheck.MAX_TERM;
        assertNull(check(good(MessageType.MsgHeartbeat).toBuilder()
                .term(max)
                .commit(PeerMessageCheck.MAX_INDEX)
                .context(new byte[PeerMessageCheck.MAX_CONTEXT_BYTES])
                .build()));
        assertNull(check(good(MessageType.MsgAppResp).toBuilder()
                .term(max)
                .reject(true)
                .index(PeerMessageCheck.MAX_INDEX)
                .rejectHint(PeerMessageCheck.MAX_INDEX)
                .logTerm(max)
                .build()));
        // A pre-vote campaigns at term + 1: at MAX_TERM that is still far from wrapping.
        assertNull(check(good(MessageType.MsgPreVote).toBuilder()
                .term(max)
                .logTerm(max - 1)
                .build()));
        assertTrue(PeerMessageCheck.MAX_TERM + 1 > 0 && PeerMessageCheck.MAX_INDEX + 1 > 0);
    }

    @Test
    void termZeroOnlyWhereRaftSendsIt() {
        assertNull(check(good(MessageType.MsgReadIndex)));
        // A member that never heard of a leader refuses a pre-vote with its own term, 0.
        assertNull(check(good(MessageType.MsgPreVoteResp).toBuilder().term(0).build()));
        assertRefused(
                good(MessageType.MsgApp).toBuilder()
                        .term(0)
                        .logTerm(0)
                        .entries(List.of())
                        .build(),
                "term 0");
    }

    @Test
    void aForwardedTransferMayNameThisMemberAsTransferee() {
        assertNull(
                check(good(MessageType.MsgTransferLeader).toBuilder().from(SELF).build()));
        assertRefused(good(MessageType.MsgTransferLeader).toBuilder().from(0).build(), "sender id 0");
    }

    @Test
    void appendEntriesMustContinueTheLogAtIndexPlusOne() {
        Message app = good(MessageType.MsgApp);
        List<Entry> e = app.entries();
        assertRefused(app.toBuilder().entries(List.of(e.get(0), e.get(2))).build(), "entry 1 has index 13");
        assertRefused(app.toBuilder().index(9).build(), "entry 0 has index 11, expected 10");
        assertRefused(app.toBuilder().entries(List.of(e.get(1), e.get(0))).build(), "entry 0 has index 12");
        assertRefused(
                app.toBuilder()
                        .entries(List.of(Entry.normal(7, 11, null), Entry.normal(6, 12, null)))
                        .build(),
                "below the term 7");
        assertRefused(
                app.toBuilder().entries(List.of(Entry.normal(8, 11, null))).build(), "outside 1..7");
        assertRefused(
                app.toBuilder()
                        .logTerm(0)
                        .entries(List.of(Entry.normal(0, 11, null)))
                        .build(),
                "outside 1..7");
        assertRefused(
                app.toBuilder().entries(List.of(Entry.normal(4, 11, null))).build(), "below the term 5");
        assertRefused(
                app.toBuilder().entries(List.of(Entry.normal(-1, 11, null))).build(), "entry term above 2^63");
        assertRefused(
                app.toBuilder()
                        .index(PeerMessageCheck.MAX_INDEX)
                        .logTerm(5)
                        .entries(List.of(Entry.normal(7, PeerMessageCheck.MAX_INDEX + 1, null)))
                        .build(),
                "entry index");
        assertRefused(
                app.toBuilder()
                        .index(Long.MAX_VALUE)
                        .entries(List.of(Entry.normal(7, Long.MIN_VALUE, null)))
                        .build(),
                "index " + Long.MAX_VALUE);
        assertRefused(app.toBuilder().logTerm(8).entries(List.of()).build(), "logTerm 8 above its term 7");
        // A probe (no entries) and a heartbeat-like append are fine.
        assertNull(check(app.toBuilder().entries(List.of()).build()));
        assertNull(check(app.toBuilder()
                .index(0)
                .logTerm(0)
                .entries(List.of(Entry.normal(1, 1, null)))
                .build()));
    }

    @Test
    void aSnapshotMustBeNonEmptyWithVoters() {
        Message snap = good(MessageType.MsgSnap);
        assertRefused(snap.toBuilder().snapshot(null).build(), "without a snapshot");
        assertRefused(withMeta(snap, 0, 6, ConfState.of(1, 2)), "index 0");
        assertRefused(withMeta(snap, -5, 6, ConfState.of(1, 2)), "snapshot index above 2^63");
        assertRefused(withMeta(snap, 100, 8, ConfState.of(1, 2)), "snapshot term 8");
        assertRefused(withMeta(snap, 100, 0, ConfState.of(1, 2)), "snapshot term 0");
        assertRefused(withMeta(snap, 100, -1, ConfState.of(1, 2)), "snapshot term above 2^63");
        assertRefused(withMeta(snap, 100, 6, ConfState.EMPTY), "without voters");
        assertRefused(withMeta(snap, 100, 6, ConfState.of(0, 1)), "voter id 0");
        assertRefused(withMeta(snap, 100, 6, ConfState.of(-3, 1)), "voter id -3");
        assertNull(check(withMeta(snap, PeerMessageCheck.MAX_INDEX, TERM, ConfState.of(SELF))));
    }

    private static Message withMeta(Message snap, long index, long term, ConfState voters) {
        return snap.toBuilder()
                .snapshot(new Snapshot(new SnapshotMetadata(index, term, voters), null))
                .build();
    }

    @Test
    void aCandidatesLastTermCannotExceedItsCampaignTerm() {
        assertRefused(good(MessageType.MsgVote).toBuilder().logTerm(TERM + 1).build(), "last log term");
        assertRefused(good(MessageType.MsgPreVote).toBuilder().logTerm(TERM + 2).build(), "last log term");
    }

    // ---- the guard against false refusals: what real members send ----

    /**
     * Every message the seeded simulation delivers (crashes, partitions, snapshots, membership changes, reads,
     * pre-vote and check-quorum on and off) passes, except forwarded proposals: the simulation lets followers
     * forward them and this project does not.
     */
    @Test
    void everyMessageOfTheSeededSimulationPasses() {
        Map<MessageType, Integer> seen = new EnumMap<>(MessageType.class);
        List<String> refused = new ArrayList<>();
        for (long seed = 1; seed <= 60; seed++) {
            Simulation sim = new Simulation(seed);
            long s = seed;
            sim.onDeliver = m -> {
                seen.merge(m.type(), 1, Integer::sum);
                String reason = PeerMessageCheck.check(m, m.to());
                if (reason != null && m.type() != MessageType.MsgProp && refused.size() < 20) {
                    refused.add("seed " + s + ": " + reason + ": " + m);
                }
            };
            sim.run();
        }
        assertEquals(List.of(), refused);
        // The guard is only as good as its coverage: these all occurred (transfers are covered below).
        EnumSet<MessageType> expected = EnumSet.of(
                MessageType.MsgApp,
                MessageType.MsgAppResp,
                MessageType.MsgVote,
                MessageType.MsgVoteResp,
                MessageType.MsgPreVote,
                MessageType.MsgPreVoteResp,
                MessageType.MsgSnap,
                MessageType.MsgHeartbeat,
                MessageType.MsgHeartbeatResp,
                MessageType.MsgReadIndex,
                MessageType.MsgReadIndexResp);
        assertTrue(seen.keySet().containsAll(expected), "types seen: " + seen);
    }

    /** Leadership transfer: requested on the leader, forwarded by followers (naming another member or the leader). */
    @Test
    void leadershipTransfersPass() {
        Cluster c = Cluster.of(3, cfg -> cfg.withPreVote(true).withCheckQuorum(true));
        Map<MessageType, Integer> seen = new EnumMap<>(MessageType.class);
        List<String> refused = new ArrayList<>();
        c.drop = m -> {
            seen.merge(m.type(), 1, Integer::sum);
            String reason = PeerMessageCheck.check(m, m.to());
            if (reason != null && m.type() != MessageType.MsgProp) {
                refused.add(reason + ": " + m);
            }
            return false;
        };
        c.elect(1);
        c.node(1).rawNode.propose("x".getBytes(StandardCharsets.UTF_8));
        c.stabilize();
        c.node(2).rawNode.transferLeadership(3); // forwarded to leader 1, from = transferee 3
        c.stabilize();
        assertEquals(StateType.LEADER, c.node(3).rawNode.raft().state);
        c.node(1).rawNode.transferLeadership(3); // forwarded to leader 3 naming itself: a no-op
        c.stabilize();
        c.node(3).rawNode.transferLeadership(2); // on the leader: MsgTimeoutNow to 2
        c.stabilize();
        assertEquals(StateType.LEADER, c.node(2).rawNode.raft().state);
        c.node(1).rawNode.readIndex(new byte[8]);
        c.stabilize();
        assertEquals(List.of(), refused);
        assertTrue(
                seen.containsKey(MessageType.MsgTransferLeader)
                        && seen.containsKey(MessageType.MsgTimeoutNow)
                        && seen.containsKey(MessageType.MsgReadIndexResp),
                "types seen: " + seen);
    }
}
