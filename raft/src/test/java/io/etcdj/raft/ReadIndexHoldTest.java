package io.etcdj.raft;

import static io.etcdj.raft.RaftPaperTest.becomeLeader;
import static io.etcdj.raft.RaftPaperTest.drain;
import static io.etcdj.raft.RaftPaperTest.nodeWithLog;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ReadIndex on a leader that has not yet committed an entry of its term: requests are held (bounded) and answered
 * once that entry commits, dropped when the leader steps down; a node without a leader refuses them at once. The
 * transcript {@code testdata/readindex_new_leader.txt} shows the message flow of the held case.
 */
class ReadIndexHoldTest {
    private static byte[] ctx(long n) {
        return ByteBuffer.allocate(8).putLong(n).array();
    }

    /** Node 1 of 3, leader at term 2 with one entry of term 1 committed and its empty entry 2/2 not yet. */
    private static RawNode freshLeader() {
        RawNode rn = nodeWithLog(3, 1, 1);
        rn.raft().raftLog.committed = 1;
        becomeLeader(rn);
        drain(rn);
        assertEquals(StateType.LEADER, rn.raft().state);
        assertEquals(1, rn.status().hardState().commit(), "the empty entry of term 2 is not committed yet");
        return rn;
    }

    private static List<ReadState> readStates(RawNode rn) {
        List<ReadState> out = new ArrayList<>();
        while (rn.hasReady()) {
            Ready rd = rn.ready();
            out.addAll(rd.readStates());
            rn.advance(rd);
        }
        return out;
    }

    private static Message from(long id, MessageType type, long term) {
        return Message.builder(type).from(id).to(1).term(term).build();
    }

    @Test
    void heldReadsAreAnsweredWithTheCommitIndexOnceTheTermsFirstEntryCommits() {
        RawNode rn = freshLeader();
        rn.readIndex(ctx(1));
        rn.readIndex(ctx(2));
        assertEquals(2, rn.raft().readOnly.heldCount());
        assertTrue(readStates(rn).isEmpty(), "no answer before the empty entry commits");

        rn.step(Message.builder(MessageType.MsgAppResp)
                .from(2)
                .to(1)
                .term(2)
                .index(2)
                .build());
        assertEquals(2, rn.status().hardState().commit());
        assertEquals(0, rn.raft().readOnly.heldCount(), "the commit released the held reads");
        List<Message> heartbeats = drain(rn).stream()
                .filter(m -> m.type() == MessageType.MsgHeartbeat)
                .toList();
        assertEquals(4, heartbeats.size(), "one heartbeat round per released read, to each follower");

        // One follower confirms the later round: with the leader's own ack that is a quorum for both reads.
        rn.step(Message.builder(MessageType.MsgHeartbeatResp)
                .from(3)
                .to(1)
                .term(2)
                .context(ctx(2))
                .build());
        List<ReadState> answers = readStates(rn);
        assertEquals(2, answers.size());
        assertArrayEquals(ctx(1), answers.get(0).context());
        assertArrayEquals(ctx(2), answers.get(1).context());
        assertEquals(2, answers.get(0).index(), "read index = the commit index once the term's entry committed");
        assertEquals(2, answers.get(1).index());
    }

    @Test
    void heldReadsAreBoundedAndAFullQueueRefusesTheNextOne() {
        RawNode rn = freshLeader();
        for (int i = 0; i < ReadOnly.MAX_PENDING; i++) {
            rn.readIndex(ctx(i));
        }
        assertThrows(ProposalDroppedException.class, () -> rn.readIndex(ctx(ReadOnly.MAX_PENDING)));
        assertEquals(ReadOnly.MAX_PENDING, rn.raft().readOnly.heldCount());
    }

    @Test
    void aDuplicateContextIsRefusedWhileHeld() {
        RawNode rn = freshLeader();
        rn.readIndex(ctx(7));
        assertThrows(ProposalDroppedException.class, () -> rn.readIndex(ctx(7)));
        assertEquals(1, rn.raft().readOnly.heldCount());
    }

    @Test
    void aLeaderThatStepsDownDropsItsHeldReadsAndForwardsNewOnes() {
        RawNode rn = freshLeader();
        rn.readIndex(ctx(1));
        // Node 2 leads term 3 now.
        rn.step(from(2, MessageType.MsgHeartbeat, 3));
        assertEquals(StateType.FOLLOWER, rn.raft().state);
        assertEquals(0, rn.raft().readOnly.heldCount(), "held reads are dropped with the leader role");
        drain(rn);
        rn.step(Message.builder(MessageType.MsgApp)
                .from(2)
                .to(1)
                .term(3)
                .index(2)
                .logTerm(2)
                .commit(2)
                .build());
        assertTrue(readStates(rn).isEmpty(), "the dropped read is never answered");

        rn.readIndex(ctx(2));
        List<Message> out = drain(rn);
        assertTrue(
                out.stream().anyMatch(m -> m.type() == MessageType.MsgReadIndex && m.to() == 2),
                "a follower forwards a read to the leader: " + out);
    }

    @Test
    void withoutALeaderAReadIsRefusedAtOnce() {
        RawNode rn = nodeWithLog(3, 1, 1);
        assertThrows(ProposalDroppedException.class, () -> rn.readIndex(ctx(1)), "follower without a leader");
        rn.campaign();
        assertEquals(StateType.CANDIDATE, rn.raft().state);
        assertThrows(
                ProposalDroppedException.class,
                () -> rn.readIndex(ctx(2)),
                "a candidate refuses instead of dropping the read silently");
    }
}
