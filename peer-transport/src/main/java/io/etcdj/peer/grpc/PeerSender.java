package io.etcdj.peer.grpc;

import io.etcdj.peer.DeliveryReports;
import io.etcdj.peer.MessageCodec;
import io.etcdj.peer.PeerTraffic;
import io.etcdj.proto.PeerProto.StreamOpened;
import io.etcdj.proto.RaftPeerGrpc;
import io.etcdj.proto.RaftProto;
import io.etcdj.raft.Message;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Everything that goes to one peer: a bounded queue that {@link #offer} fills without ever blocking, and one thread
 * that drains it into a long-lived {@code Send} stream. When the stream breaks the thread waits out a doubling,
 * bounded backoff before opening another one; messages that come up meanwhile are dropped and reported, because
 * Raft would rather probe a follower again than have it receive stale appends late.
 */
final class PeerSender implements AutoCloseable {
    /** Longest the drain thread parks at a time, so that close() is noticed even without a message. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long peerId;
    private final ManagedChannel channel;
    private final RaftPeerGrpc.RaftPeerStub stub;
    private final ArrayBlockingQueue<Message> queue;
    private final Backoff backoff;
    private final UnreachableReporter unreachable;
    private final PeerTraffic traffic;
    private final Thread thread;
    private volatile boolean closed;

    // Owned by the drain thread.
    private SendStream stream;
    private long nextAttemptNanos = System.nanoTime();

    PeerSender(
            long localId,
            long peerId,
            ManagedChannel channel,
            GrpcTransportConfig config,
            DeliveryReports reports,
            PeerTraffic traffic) {
        this.traffic = traffic;
        this.peerId = peerId;
        this.channel = channel;
        this.stub = RaftPeerGrpc.newStub(channel);
        this.queue = new ArrayBlockingQueue<>(config.sendQueueCapacity());
        this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax());
        this.unreachable = new UnreachableReporter(peerId, reports);
        this.thread = new Thread(this::drain, "etcdj-peer-send-" + localId + "-to-" + peerId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    ManagedChannel channel() {
        return channel;
    }

    /** Queues a message, or drops it and reports the peer unreachable if the queue is full. Never blocks. */
    void offer(Message m) {
        if (closed || !queue.offer(m)) {
            unreachable.report();
        }
    }

    private void drain() {
        try {
            while (!closed) {
                Message m = queue.poll(PARK_NANOS, TimeUnit.NANOSECONDS);
                if (m != null) {
                    write(m);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (stream != null) {
                stream.finish();
            }
        }
    }

    private void write(Message m) throws InterruptedException {
        SendStream s = openStream();
        if (s == null) {
            unreachable.report();
            return;
        }
        // gRPC buffers without limit when the peer reads slowly; wait for room instead, so the bounded queue (and
        // its drops) is the only buffer that grows.
        while (!s.awaitReady(PARK_NANOS)) {
            if (closed || s.isBroken()) {
                unreachable.report();
                return;
            }
        }
        RaftProto.Message proto = MessageCodec.toProto(m);
        s.write(proto);
        traffic.sent(peerId, proto.getSerializedSize()); // memoized by the write's serialization
    }

    /** The current stream, a new one if the last broke and the backoff has passed, or null while waiting it out. */
    private SendStream openStream() {
        if (stream != null && !stream.isBroken()) {
            return stream;
        }
        long now = System.nanoTime();
        if (stream != null) {
            stream = null;
            nextAttemptNanos = now + backoff.nextDelayNanos();
            unreachable.report();
        }
        if (now - nextAttemptNanos < 0) {
            return null;
        }
        // Our backoff decides when to try again, not the channel's own (which grows to two minutes).
        channel.resetConnectBackoff();
        SendStream s = new SendStream(backoff);
        stub.send(s);
        stream = s;
        return s;
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        thread.interrupt();
        channel.shutdownNow();
    }

    /** One Send call: the request side is written by the drain thread, the callbacks come from gRPC. */
    private static final class SendStream implements ClientResponseObserver<RaftProto.Message, StreamOpened> {
        private final Backoff backoff;
        private final Object readyLock = new Object();
        private volatile ClientCallStreamObserver<RaftProto.Message> requests;
        private volatile boolean broken;

        SendStream(Backoff backoff) {
            this.backoff = backoff;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<RaftProto.Message> requestStream) {
            requests = requestStream;
            requestStream.setOnReadyHandler(this::signal);
        }

        boolean isBroken() {
            return broken;
        }

        boolean awaitReady(long nanos) throws InterruptedException {
            synchronized (readyLock) {
                if (!broken && !requests.isReady()) {
                    TimeUnit.NANOSECONDS.timedWait(readyLock, nanos);
                }
                return !broken && requests.isReady();
            }
        }

        void write(RaftProto.Message m) {
            try {
                requests.onNext(m);
            } catch (RuntimeException e) {
                // The call was cancelled under us; the next write opens a new stream.
                broken = true;
            }
        }

        void finish() {
            if (!broken) {
                requests.cancel("sender closed", null);
            }
        }

        @Override
        public void onNext(StreamOpened opened) {
            backoff.reset();
        }

        @Override
        public void onError(Throwable t) {
            broken = true;
            signal();
        }

        @Override
        public void onCompleted() {
            broken = true;
            signal();
        }

        private void signal() {
            synchronized (readyLock) {
                readyLock.notifyAll();
            }
        }
    }
}
