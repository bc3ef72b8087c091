package io.etcdj.peer.inmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.Messages;
import io.etcdj.peer.Recorder;
import io.etcdj.raft.MessageType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault hooks of the in-memory network. Absence is checked with a marker: messages between two members arrive
 * in order, so once a later message arrived, an earlier one that did not never will.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NetworkFaultsTest {
    private final Network network = new Network();
    private final Recorder[] rec = {new Recorder(), new Recorder(), new Recorder()};
    private final InMemoryPeerTransport[] t = new InMemoryPeerTransport[3];

    @BeforeEach
    void connectThree() {
        for (int i = 0; i < 3; i++) {
            t[i] = new InMemoryPeerTransport(i + 1, "mem://" + (i + 1), network, rec[i], rec[i]);
            t[i].start();
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    t[i].addPeer(j + 1, "mem://" + (j + 1));
                }
            }
        }
    }

    @AfterEach
    void close() {
        for (InMemoryPeerTransport x : t) {
            x.close();
        }
        network.close();
    }

    @Test
    void aPartitionCutsBothWaysAndReportsUntilHealed() throws Exception {
        network.partition(Set.of(1L), Set.of(2L, 3L));
        t[0].send(List.of(Messages.heartbeat(1, 2)));
        t[1].send(List.of(Messages.heartbeat(2, 1)));
        assertEquals(2L, Recorder.next(rec[0].unreachable, "1 cannot reach 2"));
        assertEquals(1L, Recorder.next(rec[1].unreachable, "2 cannot reach 1"));
        // The majority side still talks.
        t[1].send(List.of(Messages.heartbeat(2, 3)));
        Messages.assertSame(Messages.heartbeat(2, 3), Recorder.next(rec[2].messages, "2 to 3"));

        network.heal();
        t[0].send(List.of(Messages.app(1, 2, 9, "healed")));
        Messages.assertSame(Messages.app(1, 2, 9, "healed"), Recorder.next(rec[1].messages, "after heal"));
        assertTrue(rec[0].messages.isEmpty(), "2's heartbeat during the partition must be lost");
    }

    @Test
    void aOneWayCutLeavesTheOtherDirection() throws Exception {
        network.cut(1, 2);
        t[0].send(List.of(Messages.heartbeat(1, 2)));
        t[1].send(List.of(Messages.heartbeat(2, 1)));
        assertEquals(2L, Recorder.next(rec[0].unreachable, "1 cannot reach 2"));
        Messages.assertSame(Messages.heartbeat(2, 1), Recorder.next(rec[0].messages, "2 reaches 1"));
    }

    @Test
    void droppedMessagesAreLostSilentlyAndOthersPass() throws Exception {
        network.dropIf(m -> m.type() == MessageType.MsgHeartbeat);
        t[0].send(List.of(Messages.heartbeat(1, 2), Messages.app(1, 2, 1, "marker")));
        Messages.assertSame(Messages.app(1, 2, 1, "marker"), Recorder.next(rec[1].messages, "marker"));
        assertTrue(rec[1].messages.isEmpty(), "the heartbeat before the marker was dropped");
        assertTrue(rec[0].unreachable.isEmpty(), "a dropped packet is not a down peer");
    }

    @Test
    void aDroppedSnapshotIsReportedFailed() throws Exception {
        network.dropIf(m -> m.type() == MessageType.MsgSnap);
        t[0].send(List.of(Messages.snap(1, 2, 100, 1)));
        assertEquals("2:failed", Recorder.next(rec[0].snapshotReports, "snapshot report"));
    }

    @Test
    void aClosedMemberIsDown() throws Exception {
        t[2].close();
        t[0].send(List.of(Messages.heartbeat(1, 3)));
        assertEquals(3L, Recorder.next(rec[0].unreachable, "3 is down"));
    }
}
