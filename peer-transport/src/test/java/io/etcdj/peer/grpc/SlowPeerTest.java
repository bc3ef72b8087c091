package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.Messages;
import io.etcdj.peer.Recorder;
import io.etcdj.raft.Message;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that is up but stops reading: gRPC flow control stalls the stream, the bounded queue fills, and send()
 * drops and reports instead of blocking or buffering without limit. Once the peer reads again, messages flow.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowPeerTest {
    private static final String ENTRY = "x".repeat(4096);

    @Test
    void aStalledPeerFillsTheQueueWhichDropsAndReportsThenDrainsWhenItReadsAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder r2 = new Recorder() {
            @Override
            public void onMessage(Message message) {
                try {
                    // Bounded, so a failing test cannot hang the build.
                    release.await(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.onMessage(message);
            }
        };
        Recorder r1 = new Recorder();
        GrpcTransportConfig config = GrpcPeerTransportContractTest.testConfig().withSendQueueCapacity(64);
        try (GrpcPeerTransport t1 =
                        new GrpcPeerTransport(1, new InetSocketAddress("127.0.0.1", 0), r1, r1, null, config);
                GrpcPeerTransport t2 =
                        new GrpcPeerTransport(2, new InetSocketAddress("127.0.0.1", 0), r2, r2, null, config)) {
            t1.start();
            t2.start();
            t1.addPeer(2, "http://127.0.0.1:" + t2.port());
            try {
                // 4 KiB entries: a few thousand fill the HTTP/2 windows and socket buffers, then the queue.
                long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
                int index = 0;
                while (r1.unreachable.isEmpty() && System.nanoTime() < deadline) {
                    long before = System.nanoTime();
                    t1.send(List.of(Messages.app(1, 2, ++index, ENTRY)));
                    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
                    assertTrue(tookMs < 1_000, "send blocked for " + tookMs + " ms");
                }
                assertEquals(2L, r1.unreachable.poll(), "the full queue was never reported");
            } finally {
                release.countDown();
            }
            Message marker = Messages.app(1, 2, 1_000_000, "marker");
            long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
            boolean arrived = false;
            while (!arrived && System.nanoTime() < deadline) {
                t1.send(List.of(marker));
                Message m = r2.messages.poll(50, TimeUnit.MILLISECONDS);
                while (m != null && !arrived) {
                    arrived = m.index() == marker.index();
                    m = r2.messages.poll();
                }
            }
            assertTrue(arrived, "messages did not flow again after the peer caught up");
        }
    }
}
