package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.Messages;
import io.etcdj.peer.Recorder;
import io.etcdj.raft.Message;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Raft thread sends one message at a time; the sender writes it at once when the stream has room and queues it
 * behind earlier ones when not. Either way the peer must get every message, in the order sent (Raft copes with
 * reordering, but a reordered append is rejected and costs a round of probing). On the receiving side, the Raft
 * stream's messages reach the handler on the peer port's own threads, without another hand-off.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerStreamOrderTest {
    private static final int MESSAGES = 3_000;

    @Test
    void messagesSentOneByOneArriveAllAndInOrderWhetherWrittenAtOnceOrQueued() throws Exception {
        Set<String> receivingThreads = ConcurrentHashMap.newKeySet();
        Recorder r2 = new Recorder() {
            @Override
            public void onMessage(Message message) {
                receivingThreads.add(Thread.currentThread().getName());
                super.onMessage(message);
            }
        };
        Recorder r1 = new Recorder();
        GrpcTransportConfig config = GrpcPeerTransportContractTest.testConfig().withSendQueueCapacity(MESSAGES + 1);
        try (GrpcPeerTransport t1 =
                        new GrpcPeerTransport(1, new InetSocketAddress("127.0.0.1", 0), r1, r1, null, config);
                GrpcPeerTransport t2 =
                        new GrpcPeerTransport(2, new InetSocketAddress("127.0.0.1", 0), r2, r2, null, config)) {
            t1.start();
            t2.start();
            t1.addPeer(2, "http://127.0.0.1:" + t2.port());
            t1.send(List.of(Messages.app(1, 2, 0, "opens the stream")));
            assertEquals(0, Recorder.next(r2.messages, "the first message").commit());
            // A new call's first messages may still go through gRPC's executor while the call is being set up
            // (the executor is chosen after the method is looked up); from then on they must not.
            receivingThreads.clear();

            // Every 50th message is large enough to fill the stream's window, so the sender alternates between
            // writing on the caller's thread and queueing for its own.
            String small = "s";
            String large = "L".repeat(256 * 1024);
            for (int index = 1; index <= MESSAGES; index++) {
                t1.send(List.of(Messages.app(1, 2, index, index % 50 == 0 ? large : small)));
            }
            for (int index = 1; index <= MESSAGES; index++) {
                Message m = Recorder.next(r2.messages, "message " + index);
                assertEquals(index, m.commit(), "out of order or lost");
            }
            assertTrue(r1.unreachable.isEmpty(), "a message was dropped: " + r1.unreachable);
            assertTrue(
                    receivingThreads.stream().allMatch(name -> name.startsWith("etcdj-peer-port-2")),
                    "Raft messages were handed to other threads: " + receivingThreads);
        }
    }
}
