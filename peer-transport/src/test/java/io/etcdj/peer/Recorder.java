package io.etcdj.peer;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.etcdj.raft.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An {@link InboundHandler} and {@link DeliveryReports} that records what arrives, with bounded waits: tests wait for
 * an event, never for time to pass.
 */
public class Recorder implements InboundHandler, DeliveryReports {
    public static final Duration WAIT = Duration.ofSeconds(15);

    public final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    public final BlockingQueue<Message> snapshots = new LinkedBlockingQueue<>();
    public final BlockingQueue<Long> unreachable = new LinkedBlockingQueue<>();
    /** "peer:ok" or "peer:failed". */
    public final BlockingQueue<String> snapshotReports = new LinkedBlockingQueue<>();
    /** The membership calls received, as text. */
    public final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

    public static <T> T next(BlockingQueue<T> queue, String what) throws InterruptedException {
        T item = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(item, "nothing arrived within " + WAIT + ": " + what);
        return item;
    }

    @Override
    public void onMessage(Message message) {
        messages.add(message);
    }

    @Override
    public void onSnapshot(Message msgSnap) {
        snapshots.add(msgSnap);
    }

    @Override
    public JoinResponse onJoin(JoinRequest request) {
        calls.add("join " + request.member().name() + (request.passedOn() ? " (passed on)" : ""));
        if (request.member().name().equals("taken")) {
            return JoinResponse.refused("name taken");
        }
        return JoinResponse.accepted(
                7,
                List.of(
                        new Member(1, "one", "http://127.0.0.1:7001", "http://127.0.0.1:4001"),
                        new Member(
                                7,
                                request.member().name(),
                                request.member().peerUrl(),
                                request.member().clientUrl())));
    }

    @Override
    public Ack onRemove(String name, RemovalKind kind) {
        calls.add((kind == RemovalKind.REQUEST ? "remove " : kind.name().toLowerCase(java.util.Locale.ROOT) + " ")
                + name);
        return name.equals("leader") ? Ack.refused("cannot remove the leader this way") : Ack.OK;
    }

    @Override
    public Ack onTransferLeadership(long transfereeId) {
        calls.add("transfer " + transfereeId);
        return Ack.OK;
    }

    @Override
    public void reportUnreachable(long peerId) {
        unreachable.add(peerId);
    }

    @Override
    public void reportSnapshot(long peerId, boolean failed) {
        snapshotReports.add(peerId + (failed ? ":failed" : ":ok"));
    }
}
