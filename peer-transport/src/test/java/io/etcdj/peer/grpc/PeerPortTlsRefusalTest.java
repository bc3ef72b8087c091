package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.Messages;
import io.etcdj.peer.PeerUnreachableException;
import io.etcdj.peer.Recorder;
import io.etcdj.raft.Message;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may not talk Raft over a mutual-TLS peer port: a member of another CA (either side), a server whose certificate
 * does not name the address dialled, and a plaintext client. Each attempt is reported unreachable by the sender and
 * delivers nothing; a legitimate member's message then shows the receiver was listening all along.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerPortTlsRefusalTest {
    @TempDir
    static Path dir;

    private static PeerPki cluster;
    private static PeerPki foreign;

    private final List<GrpcPeerTransport> transports = new ArrayList<>();

    @BeforeAll
    static void mintCertificates() throws Exception {
        cluster = new PeerPki(dir, "cluster");
        foreign = new PeerPki(dir, "foreign");
    }

    @AfterEach
    void closeAll() {
        transports.forEach(GrpcPeerTransport::close);
    }

    private GrpcPeerTransport started(long id, Optional<PeerTls> tls, Recorder recorder) throws Exception {
        GrpcTransportConfig config = GrpcPeerTransportContractTest.testConfig();
        GrpcPeerTransport t = new GrpcPeerTransport(
                id,
                new InetSocketAddress("127.0.0.1", 0),
                recorder,
                recorder,
                null,
                tls.map(config::withTls).orElse(config));
        transports.add(t);
        t.start();
        return t;
    }

    private static String https(GrpcPeerTransport t) {
        return "https://127.0.0.1:" + t.port();
    }

    /** Sends {@code m} until the sender reports its addressee unreachable (a bounded wait, not a sleep). */
    private static void assertReportedUnreachable(GrpcPeerTransport sender, Recorder senderRecorder, Message m)
            throws InterruptedException {
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        Long reported = null;
        while (reported == null && System.nanoTime() < deadline) {
            sender.send(List.of(m));
            reported = senderRecorder.unreachable.poll(50, TimeUnit.MILLISECONDS);
        }
        assertEquals(m.to(), reported, "the sender never reported " + m.to() + " unreachable");
    }

    private static void assertCausedBy(Throwable thrown, String fragment) {
        for (Throwable c = thrown; c != null; c = c.getCause()) {
            if (String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT))) {
                return;
            }
        }
        throw new AssertionError("no cause says \"" + fragment + "\"", thrown);
    }

    /** The receiver is up and hears from a legitimate member, and that is all it ever heard. */
    private void assertOnlyTheLegitimateMessageArrives(GrpcPeerTransport receiver, long receiverId, Recorder received)
            throws Exception {
        Recorder r = new Recorder();
        GrpcPeerTransport legit = started(1, Optional.of(cluster.member("legit")), r);
        legit.addPeer(receiverId, https(receiver));
        legit.send(List.of(Messages.heartbeat(1, receiverId)));
        Messages.assertSame(Messages.heartbeat(1, receiverId), Recorder.next(received.messages, "legitimate message"));
        assertNull(received.messages.poll(), "more than the legitimate message arrived");
        assertTrue(received.calls.isEmpty(), "membership calls arrived: " + received.calls);
    }

    @Test
    void aMemberOfAForeignCaCannotDeliverOrJoin() throws Exception {
        Recorder receiverRec = new Recorder();
        GrpcPeerTransport receiver = started(2, Optional.of(cluster.member("receiver")), receiverRec);
        // The intruder trusts the cluster's CA, so the only thing stopping it is the receiver's client-cert check.
        Recorder intruderRec = new Recorder();
        GrpcPeerTransport intruder = started(9, Optional.of(foreign.memberTrusting("intruder", cluster)), intruderRec);

        intruder.addPeer(2, https(receiver));
        assertReportedUnreachable(intruder, intruderRec, Messages.heartbeat(9, 2));
        ExecutionException joinFailed = assertThrows(
                ExecutionException.class,
                () -> intruder.join(
                                https(receiver), new JoinRequest("intruder", https(intruder), "https://127.0.0.1:4001"))
                        .get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(PeerUnreachableException.class, joinFailed.getCause());
        // The receiver's TLS stack rejected the certificate (an alert), not something else along the way.
        assertCausedBy(joinFailed, "bad_certificate");
        assertTrue(receiverRec.snapshots.isEmpty());
        assertOnlyTheLegitimateMessageArrives(receiver, 2, receiverRec);
    }

    @Test
    void aServerWithAForeignCaCertificateIsRefusedByTheClient() throws Exception {
        // The impostor would accept the cluster's client certificates; the client's server check stops it.
        Recorder impostorRec = new Recorder();
        GrpcPeerTransport impostor = started(2, Optional.of(foreign.memberTrusting("impostor", cluster)), impostorRec);
        Recorder senderRec = new Recorder();
        GrpcPeerTransport sender = started(1, Optional.of(cluster.member("sender")), senderRec);

        sender.addPeer(2, https(impostor));
        assertReportedUnreachable(sender, senderRec, Messages.heartbeat(1, 2));
        assertNull(impostorRec.messages.poll(), "the impostor received a message");
    }

    @Test
    void aServerCertificateWithoutTheDialledAddressAmongItsSansIsRefused() throws Exception {
        // Signed by the right CA, but for another name: it must not let its holder answer for 127.0.0.1.
        Recorder receiverRec = new Recorder();
        GrpcPeerTransport receiver = started(
                2,
                Optional.of(cluster.member(
                        "elsewhere", b -> b.addIpAddress("10.11.12.13").addDnsName("localhost"))),
                receiverRec);
        Recorder senderRec = new Recorder();
        GrpcPeerTransport sender = started(1, Optional.of(cluster.member("sender")), senderRec);

        sender.addPeer(2, https(receiver));
        assertReportedUnreachable(sender, senderRec, Messages.heartbeat(1, 2));
        ExecutionException joinFailed = assertThrows(
                ExecutionException.class,
                () -> sender.join(https(receiver), new JoinRequest("x", https(sender), "https://127.0.0.1:4001"))
                        .get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(PeerUnreachableException.class, joinFailed.getCause());
        // The JDK's hostname check against the SANs, which gRPC turns on and nothing here turns off.
        assertCausedBy(joinFailed, "No subject alternative names matching IP address 127.0.0.1");
        assertNull(receiverRec.messages.poll(), "a message got through to the wrongly named server");

        // The same certificate is fine when the name it carries is the one dialled.
        sender.addPeer(2, "https://localhost:" + receiver.port());
        sender.send(List.of(Messages.heartbeat(1, 2)));
        Messages.assertSame(Messages.heartbeat(1, 2), Recorder.next(receiverRec.messages, "via localhost"));
    }

    @Test
    void aPlaintextClientGetsNothingThrough() throws Exception {
        Recorder receiverRec = new Recorder();
        GrpcPeerTransport receiver = started(2, Optional.of(cluster.member("receiver")), receiverRec);
        Recorder plainRec = new Recorder();
        GrpcPeerTransport plain = started(7, Optional.empty(), plainRec);

        plain.addPeer(2, "http://127.0.0.1:" + receiver.port());
        assertReportedUnreachable(plain, plainRec, Messages.heartbeat(7, 2));
        assertOnlyTheLegitimateMessageArrives(receiver, 2, receiverRec);
    }
}
