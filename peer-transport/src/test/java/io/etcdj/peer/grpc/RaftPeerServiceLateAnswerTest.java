package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.etcdj.peer.Recorder;
import io.etcdj.proto.RaftProto;
import io.grpc.stub.ServerCallStreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A membership call can take seconds; its caller may have given up (its deadline passed) by the time the answer is
 * ready. Answering it then must be a counted no-op, not an exception out of the handler: the servlet transport has
 * recycled the response by then and throws {@code IllegalStateException} on any write.
 */
class RaftPeerServiceLateAnswerTest {
    @TempDir
    Path spoolDir;

    private InProcessPeer peer;

    @BeforeEach
    void start() throws Exception {
        peer = new InProcessPeer(spoolDir, new Recorder(), 1 << 20, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws Exception {
        peer.close();
    }

    @Test
    void anAnswerToACallerThatHasGoneIsNotSentAndDoesNotThrow() {
        GoneCaller<RaftProto.JoinResponse> join = new GoneCaller<>(true);
        assertDoesNotThrow(() -> peer.service.join(
                RaftProto.JoinRequest.newBuilder().setName("late").build(), join));
        GoneCaller<RaftProto.Ack> remove = new GoneCaller<>(true);
        assertDoesNotThrow(() -> peer.service.remove(
                RaftProto.RemoveRequest.newBuilder().setName("late").build(), remove));
        GoneCaller<RaftProto.Ack> transfer = new GoneCaller<>(true);
        assertDoesNotThrow(() -> peer.service.transferLeadership(
                RaftProto.TransferLeadershipRequest.newBuilder()
                        .setTransferee(0)
                        .build(),
                transfer));

        assertEquals(List.of(), join.attempts, "nothing is written to a cancelled call");
        assertEquals(List.of(), remove.attempts);
        assertEquals(List.of(), transfer.attempts);
        assertEquals(3, peer.service.lateAnswers(), "each dropped answer is counted");
    }

    @Test
    void aCallerThatGoesWhileTheAnswerIsWrittenDoesNotMakeTheHandlerThrow() {
        // Not yet cancelled when checked, gone by the write: the transport throws, the service carries on.
        GoneCaller<RaftProto.JoinResponse> join = new GoneCaller<>(false);
        assertDoesNotThrow(() -> peer.service.join(
                RaftProto.JoinRequest.newBuilder().setName("late").build(), join));
        assertEquals(List.of("onNext"), join.attempts);
        assertEquals(1, peer.service.lateAnswers());
    }

    /**
     * The response of a call whose caller has gone, as grpc-servlet behaves once Jetty recycled the response: every
     * write throws. {@code saysCancelled}: whether {@link #isCancelled()} already says so.
     */
    static final class GoneCaller<T> extends ServerCallStreamObserver<T> {
        final List<String> attempts = new ArrayList<>();
        private final boolean saysCancelled;

        GoneCaller(boolean saysCancelled) {
            this.saysCancelled = saysCancelled;
        }

        private void write(String what) {
            attempts.add(what);
            throw new IllegalStateException("Response does not exist (likely recycled)");
        }

        @Override
        public void onNext(T value) {
            write("onNext");
        }

        @Override
        public void onError(Throwable t) {
            write("onError");
        }

        @Override
        public void onCompleted() {
            write("onCompleted");
        }

        @Override
        public boolean isCancelled() {
            return saysCancelled;
        }

        @Override
        public void setOnCancelHandler(Runnable onCancelHandler) {}

        @Override
        public void setCompression(String compression) {}

        @Override
        public boolean isReady() {
            return false;
        }

        @Override
        public void setOnReadyHandler(Runnable onReadyHandler) {}

        @Override
        public void disableAutoInboundFlowControl() {}

        @Override
        public void request(int count) {}

        @Override
        public void setMessageCompression(boolean enable) {}
    }
}
