package io.etcdj.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link PeerTransport} promises, run once per implementation (gRPC and in-memory subclasses), as Ratis
 * runs one suite on each of its RPCs. Subclasses say how to make a transport and an address for it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class PeerTransportContractTest {
    /** More than any implementation's per-peer buffer, so the bound is exercised. */
    private static final int FLOOD = 20_000;

    private final List<PeerTransport> transports = new ArrayList<>();

    /** A fresh address no transport listens at yet. */
    protected abstract String reserveUrl() throws Exception;

    /** A transport for member {@code id} that will listen at {@code url} once started. */
    protected abstract PeerTransport create(long id, String url, Recorder recorder) throws Exception;

    /** The snapshot size that makes this implementation split a snapshot into several pieces. */
    protected abstract int multiChunkSnapshotBytes();

    private PeerTransport started(long id, String url, Recorder recorder) throws Exception {
        PeerTransport t = create(id, url, recorder);
        transports.add(t);
        t.start();
        return t;
    }

    @AfterEach
    void closeAll() {
        transports.forEach(PeerTransport::close);
    }

    @Test
    void messagesFlowBothWaysInOrderAmongThree() throws Exception {
        String[] urls = {reserveUrl(), reserveUrl(), reserveUrl()};
        Recorder[] rec = {new Recorder(), new Recorder(), new Recorder()};
        PeerTransport[] t = new PeerTransport[3];
        for (int i = 0; i < 3; i++) {
            t[i] = started(i + 1, urls[i], rec[i]);
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    t[i].addPeer(j + 1, urls[j]);
                }
            }
        }
        List<Message> toFollowers = new ArrayList<>();
        for (int index = 1; index <= 50; index++) {
            toFollowers.add(Messages.app(1, 2, index, "to2-" + index));
            toFollowers.add(Messages.app(1, 3, index, "to3-" + index));
        }
        t[0].send(toFollowers);
        for (int index = 1; index <= 50; index++) {
            Messages.assertSame(Messages.app(1, 2, index, "to2-" + index), Recorder.next(rec[1].messages, "2"));
            Messages.assertSame(Messages.app(1, 3, index, "to3-" + index), Recorder.next(rec[2].messages, "3"));
        }
        t[1].send(List.of(Messages.heartbeat(2, 1), Messages.heartbeat(2, 3)));
        t[2].send(List.of(Messages.heartbeat(3, 1)));
        List<Long> fromAtOne = List.of(
                Recorder.next(rec[0].messages, "1").from(),
                Recorder.next(rec[0].messages, "1").from());
        assertTrue(fromAtOne.containsAll(List.of(2L, 3L)), "1 heard from " + fromAtOne);
        Messages.assertSame(Messages.heartbeat(2, 3), Recorder.next(rec[2].messages, "3 from 2"));
    }

    @Test
    void snapshotArrivesWholeInSeveralPiecesAndIsReported() throws Exception {
        String url1 = reserveUrl();
        String url2 = reserveUrl();
        Recorder r1 = new Recorder();
        Recorder r2 = new Recorder();
        PeerTransport t1 = started(1, url1, r1);
        started(2, url2, r2);
        t1.addPeer(2, url2);
        Message snap = Messages.snap(1, 2, multiChunkSnapshotBytes(), 42);
        t1.send(List.of(Messages.heartbeat(1, 2), snap, Messages.heartbeat(1, 2)));
        Messages.assertSame(snap, Recorder.next(r2.snapshots, "snapshot"));
        assertEquals("2:ok", Recorder.next(r1.snapshotReports, "snapshot report"));
    }

    @Test
    void snapshotToAnUnknownPeerIsReportedFailed() throws Exception {
        Recorder r1 = new Recorder();
        PeerTransport t1 = started(1, reserveUrl(), r1);
        t1.sendSnapshot(Messages.snap(1, 9, 10, 1));
        assertEquals("9:failed", Recorder.next(r1.snapshotReports, "snapshot report"));
    }

    @Test
    void aDownPeerIsReportedAndNeverBlocksTheSenderThenMessagesFlowOnceItIsUp() throws Exception {
        String url2 = reserveUrl();
        Recorder r1 = new Recorder();
        PeerTransport t1 = started(1, reserveUrl(), r1);
        t1.addPeer(2, url2);

        long startNanos = System.nanoTime();
        for (int i = 0; i < FLOOD; i++) {
            t1.send(List.of(Messages.heartbeat(1, 2)));
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        assertTrue(elapsedMs < 5_000, FLOOD + " sends to a down peer took " + elapsedMs + " ms");
        assertEquals(2L, Recorder.next(r1.unreachable, "unreachable report"));

        Recorder r2 = new Recorder();
        started(2, url2, r2);
        // Raft resends heartbeats while a follower is away; do the same until one gets through.
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        Message arrived = null;
        while (arrived == null && System.nanoTime() < deadline) {
            t1.send(List.of(Messages.app(1, 2, 5, "after")));
            arrived = r2.messages.poll(50, TimeUnit.MILLISECONDS);
            if (arrived != null && arrived.type() == MessageType.MsgHeartbeat) {
                // Heartbeats of the flood that were still queued when the peer came up may arrive first.
                arrived = null;
            }
        }
        assertTrue(arrived != null, "no message reached the peer after it came up");
        Messages.assertSame(Messages.app(1, 2, 5, "after"), arrived);
    }

    @Test
    void membershipCallsReachTheHandlerAndAnswerBack() throws Exception {
        String url2 = reserveUrl();
        Recorder r2 = new Recorder();
        PeerTransport t1 = started(1, reserveUrl(), new Recorder());
        started(2, url2, r2);

        JoinResponse joined = t1.join(url2, new JoinRequest("new", "http://10.0.0.7:7001", "http://10.0.0.7:4001"))
                .get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("join new", Recorder.next(r2.calls, "join"));
        assertTrue(joined.ok());
        assertEquals(7, joined.memberId());
        assertEquals(
                new Member(7, "new", "http://10.0.0.7:7001", "http://10.0.0.7:4001"),
                joined.members().get(1));

        JoinResponse refused = t1.join(url2, new JoinRequest("taken", "http://a:7001", "http://a:4001"))
                .get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertFalse(refused.ok());
        assertEquals("name taken", refused.error());
        assertEquals("join taken", Recorder.next(r2.calls, "join"));
        t1.join(url2, new JoinRequest("new", "http://10.0.0.7:7001", "http://10.0.0.7:4001").passOn())
                .get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("join new (passed on)", Recorder.next(r2.calls, "a join passed on, told apart from the joiner's"));

        assertEquals(Ack.OK, t1.remove(url2, "old").get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("remove old", Recorder.next(r2.calls, "remove"));
        assertEquals(
                Ack.refused("cannot remove the leader this way"),
                t1.remove(url2, "leader").get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("remove leader", Recorder.next(r2.calls, "remove"));
        assertEquals(Ack.OK, t1.noticeRemoval(url2, "old").get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("notice old", Recorder.next(r2.calls, "a removal notice, told apart from a request"));

        t1.addPeer(2, url2);
        assertEquals(Ack.OK, t1.transferLeadership(2, 3).get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("transfer 3", Recorder.next(r2.calls, "transfer"));
    }

    @Test
    void aCallToAnAddressNobodyListensAtFails() throws Exception {
        PeerTransport t1 = started(1, reserveUrl(), new Recorder());
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> t1.remove(reserveUrl(), "x").get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(PeerUnreachableException.class, e.getCause());
    }
}
