package io.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which messages of one Ready a later message to the same peer makes redundant, and which it must not. */
class RedundantMessagesTest {
    private static final Entry E = Entry.normal(2, 7, new byte[] {1});

    private static Message append(long to, long term, long commit, Entry... entries) {
        return Message.builder(MessageType.MsgApp)
                .from(1)
                .to(to)
                .term(term)
                .index(6)
                .logTerm(2)
                .commit(commit)
                .entries(List.of(entries))
                .build();
    }

    private static Message ack(long index, long term) {
        return Message.builder(MessageType.MsgAppResp)
                .from(2)
                .to(1)
                .term(term)
                .index(index)
                .build();
    }

    private static Message reject(long index) {
        return Message.builder(MessageType.MsgAppResp)
                .from(2)
                .to(1)
                .term(2)
                .index(index)
                .reject(true)
                .rejectHint(3)
                .build();
    }

    @Test
    void anEmptyAppendIsDroppedForALaterAppendToTheSamePeer() {
        Message commitOnly = append(2, 2, 5);
        Message entries = append(2, 2, 6, E);
        Message toOther = append(3, 2, 5);
        assertEquals(List.of(toOther, entries), RedundantMessages.drop(List.of(commitOnly, toOther, entries)));
        // Two empty ones (each a new commit index): the later, with the higher commit, stays.
        Message newerCommit = append(2, 2, 6);
        assertEquals(List.of(newerCommit), RedundantMessages.drop(List.of(commitOnly, newerCommit)));
    }

    @Test
    void appendsWithEntriesOrWithoutALaterAppendAreKept() {
        List<Message> entriesThenCommit = List.of(append(2, 2, 5, E), append(2, 2, 6));
        assertSame(entriesThenCommit, RedundantMessages.drop(entriesThenCommit), "nothing dropped: the same list");
        List<Message> otherTerm = List.of(append(2, 2, 5), append(2, 3, 5, E));
        assertEquals(otherTerm, RedundantMessages.drop(otherTerm));
        Message heartbeat =
                Message.builder(MessageType.MsgHeartbeat).from(1).to(2).term(2).build();
        Message snapshot =
                Message.builder(MessageType.MsgSnap).from(1).to(2).term(2).build();
        // A heartbeat says nothing about appends; a snapshot between them keeps both.
        assertEquals(
                List.of(heartbeat, append(2, 2, 6, E)),
                RedundantMessages.drop(List.of(append(2, 2, 5), heartbeat, append(2, 2, 6, E))));
        List<Message> acrossSnapshot = List.of(append(2, 2, 5), snapshot, append(2, 2, 6, E));
        assertEquals(acrossSnapshot, RedundantMessages.drop(acrossSnapshot));
    }

    @Test
    void anAcknowledgementIsDroppedForALaterOneAtLeastAsHigh() {
        assertEquals(List.of(ack(9, 2)), RedundantMessages.drop(List.of(ack(5, 2), ack(7, 2), ack(9, 2))));
        assertEquals(List.of(ack(9, 2)), RedundantMessages.drop(List.of(ack(9, 2), ack(9, 2))));
        // A lower one after a higher one, another term, a rejection in between: all kept.
        List<Message> lowerLater = List.of(ack(9, 2), ack(5, 2));
        assertEquals(lowerLater, RedundantMessages.drop(lowerLater));
        List<Message> otherTerm = List.of(ack(5, 2), ack(9, 3));
        assertEquals(otherTerm, RedundantMessages.drop(otherTerm));
        List<Message> acrossRejection = List.of(ack(5, 2), reject(6), ack(9, 2));
        assertEquals(acrossRejection, RedundantMessages.drop(acrossRejection));
        List<Message> rejections = List.of(reject(6), reject(6));
        assertEquals(rejections, RedundantMessages.drop(rejections), "rejections are never dropped");
    }

    @Test
    void aBusyLeadersTurnSendsEachFollowerOneAppend() {
        // An acknowledgement advanced the commit index (an empty append to each follower), then the batch of
        // proposals stepped in the same turn went out (entries to each follower).
        Message entriesTo2 = append(2, 2, 6, E);
        Message entriesTo3 = append(3, 2, 6, E);
        assertEquals(
                List.of(entriesTo2, entriesTo3),
                RedundantMessages.drop(List.of(append(2, 2, 6), append(3, 2, 6), entriesTo2, entriesTo3)));
    }
}
