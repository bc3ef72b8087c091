package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.etcdj.peer.Messages;
import io.etcdj.peer.Recorder;
import io.etcdj.proto.RaftPeerGrpc;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.etcdj.raft.PeerMessageCheck;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.grpc.testing.StreamRecorder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real bytes on a real peer port: the issue's five zero bytes (a gRPC frame holding an empty message) posted to
 * {@code /etcdj.peer.RaftPeer/Send} by curl over h2c and over HTTP/1.1, an oversized frame, and the same through
 * grpc-java with a hand-made marshaller. The port keeps serving, and a normal message and a snapshot still get
 * through afterwards. (Whether the Raft loop survives the MsgHup is the server's test: the transport passes on what
 * decodes and the consumer refuses it with {@link PeerMessageCheck}.)
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PeerPortRawBytesTest {
    private static final Path CURL = Path.of("/usr/bin/curl");
    private static final String SEND = "/etcdj.peer.RaftPeer/Send";

    @TempDir
    Path tmp;

    private final Recorder recorder = new Recorder();
    private GrpcPeerTransport receiver;
    private String base;

    @BeforeEach
    void start() throws IOException {
        receiver = new GrpcPeerTransport(
                2,
                new InetSocketAddress("127.0.0.1", 0),
                recorder,
                recorder,
                null,
                GrpcPeerTransportContractTest.testConfig().withSnapshotSpoolDir(tmp.resolve("incoming")));
        receiver.start();
        base = "http://127.0.0.1:" + receiver.port();
    }

    @AfterEach
    void stop() throws IOException {
        receiver.close();
        try (Stream<Path> left = Files.list(tmp.resolve("incoming"))) {
            assertEquals(List.of(), left.toList(), "spool files left");
        }
    }

    /** Runs curl with a bounded wait; returns its exit code, stdout and stderr in one string. */
    private String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CURL.toString(), "-sS", "--max-time", "20"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl did not finish: " + command);
        return "exit " + p.exitValue() + "\n" + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private String postGrpc(String httpVersion, byte[] body, String path) throws Exception {
        Path file = Files.write(Files.createTempFile(tmp, "body", ".bin"), body);
        return curl(
                httpVersion,
                "-D",
                "-",
                "-o",
                "/dev/null",
                "-H",
                "content-type: application/grpc",
                "-H",
                "te: trailers",
                "--data-binary",
                "@" + file,
                base + path);
    }

    /** After whatever came before: a normal message and a snapshot still get through the port. */
    private void portStillServes() throws Exception {
        Recorder senderSide = new Recorder();
        try (GrpcPeerTransport sender = new GrpcPeerTransport(
                1,
                new InetSocketAddress("127.0.0.1", 0),
                senderSide,
                senderSide,
                null,
                GrpcPeerTransportContractTest.testConfig().withSnapshotSpoolDir(tmp.resolve("sender-incoming")))) {
            sender.start();
            sender.addPeer(2, base);
            sender.send(List.of(Messages.heartbeat(1, 2)));
            Messages.assertSame(Messages.heartbeat(1, 2), nextNonHup("the heartbeat after the raw bytes"));
            Message snap = Messages.snap(1, 2, 3 * GrpcPeerTransportContractTest.CHUNK_BYTES + 5, 11);
            sender.sendSnapshot(snap);
            Messages.assertSame(snap, Recorder.next(recorder.snapshots, "a snapshot after the raw bytes"));
            assertEquals("2:ok", Recorder.next(senderSide.snapshotReports, "the snapshot report"));
        }
    }

    private Message nextNonHup(String what) throws InterruptedException {
        while (true) {
            Message m = Recorder.next(recorder.messages, what);
            if (m.type() != MessageType.MsgHup) {
                return m;
            }
        }
    }

    @Test
    void curlPostsFiveZeroBytesOverH2cAndHttp11AndThePortKeepsServing() throws Exception {
        assumeTrue(Files.isExecutable(CURL), "curl is not installed");
        byte[] fiveZeroBytes = new byte[5];

        String h2 = postGrpc("--http2-prior-knowledge", fiveZeroBytes, SEND);
        assertTrue(h2.startsWith("exit 0"), h2);
        assertTrue(h2.contains("HTTP/2 200"), h2);
        assertTrue(h2.contains("grpc-status: 0"), h2);
        Message hup = Recorder.next(recorder.messages, "the decoded empty message");
        assertEquals(MessageType.MsgHup, hup.type());
        assertEquals("local message type MsgHup", PeerMessageCheck.check(hup, 2));

        // The port routes on the content type on every HTTP version, so gRPC over HTTP/1.1 reaches the service too
        // (the status travels in the headers): the same message, passed on the same way.
        String h1 = postGrpc("--http1.1", fiveZeroBytes, SEND);
        assertTrue(h1.startsWith("exit 0"), h1);
        assertTrue(h1.contains("HTTP/1.1 200"), h1);
        assertTrue(h1.contains("grpc-status: 0"), h1);
        assertEquals(
                MessageType.MsgHup,
                Recorder.next(recorder.messages, "the message over HTTP/1.1").type());

        // A frame that announces 2 GiB - 1 bytes and sends none: over the message limit, refused by gRPC.
        String huge =
                postGrpc("--http2-prior-knowledge", new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, SEND);
        assertTrue(huge.contains("grpc-status: 8"), huge); // RESOURCE_EXHAUSTED
        // Garbage that is no gRPC frame at all, and an empty snapshot chunk.
        String garbage = postGrpc("--http2-prior-knowledge", "GET / HTTP/1.1\r\n\r\n".getBytes(), SEND);
        assertTrue(garbage.startsWith("exit 0"), garbage);
        String emptyChunk = postGrpc("--http2-prior-knowledge", fiveZeroBytes, "/etcdj.peer.RaftPeer/InstallSnapshot");
        assertTrue(emptyChunk.contains("grpc-status: 3"), emptyChunk); // INVALID_ARGUMENT

        portStillServes();
    }

    @Test
    void grpcJavaWithAHandMadeMarshallerSendsTheSameAndThePortKeepsServing() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", receiver.port())
                .usePlaintext()
                .maxInboundMessageSize(64 << 20)
                .build();
        try {
            StreamRecorder<byte[]> opened = StreamRecorder.create();
            StreamObserver<byte[]> send = ClientCalls.asyncBidiStreamingCall(
                    channel.newCall(RawCalls.raw(RaftPeerGrpc.getSendMethod()), CallOptions.DEFAULT), opened);
            send.onNext(new byte[0]);
            send.onNext(new byte[] {0x08, 99}); // unknown type: dropped
            send.onCompleted();
            assertTrue(opened.awaitCompletion((int) Recorder.WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(null, opened.getError());
            assertEquals(
                    MessageType.MsgHup,
                    Recorder.next(recorder.messages, "the empty message").type());

            // One message past the 16 MiB limit: refused by gRPC, nothing reaches the handler.
            StreamRecorder<byte[]> refused = StreamRecorder.create();
            StreamObserver<byte[]> big = ClientCalls.asyncBidiStreamingCall(
                    channel.newCall(RawCalls.raw(RaftPeerGrpc.getSendMethod()), CallOptions.DEFAULT), refused);
            big.onNext(new byte[17 << 20]);
            big.onCompleted();
            assertTrue(refused.awaitCompletion((int) Recorder.WAIT.toSeconds(), TimeUnit.SECONDS));
            assertNotNull(refused.getError());
            assertEquals(
                    Status.Code.RESOURCE_EXHAUSTED,
                    Status.fromThrowable(refused.getError()).getCode());
        } finally {
            channel.shutdownNow();
        }
        portStillServes();
        assertTrue(recorder.messages.isEmpty(), "nothing but the MsgHup and the heartbeat: " + recorder.messages);
    }
}
