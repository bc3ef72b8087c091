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
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Everything that goes to one peer over a long-lived {@code Send} stream. {@link #offer} never blocks: when nothing is
 * queued or being written and the stream has room, it writes the message itself (the caller is the Raft thread, and a
 * hand-off to another thread costs a wake-up per message on a busy machine: measured, the commit wait of a write was
 * mostly such hand-offs); otherwise it queues the message, bounded, for the drain thread, which waits for room in the
 * stream and writes the queue in order. When the stream breaks the drain thread waits out a doubling, bounded backoff
 * before opening another one; messages that come up meanwhile are dropped and reported, because Raft would rather
 * probe a follower again than have it receive stale appends late.
 */
final class PeerSender implements AutoCloseable {
    /** Longest the drain thread waits at a time, so that close() is noticed even without a message. */
    private static final long PARK_MS = 100;

    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(PARK_MS);

    private final long peerId;
    private final ManagedChannel channel;
    private final RaftPeerGrpc.RaftPeerStub stub;
    private final int queueCapacity;
    private final Backoff backoff;
    private final UnreachableReporter unreachable;
    private final PeerTraffic traffic;
    private final Thread thread;
    private volatile boolean closed;

    /** Guards {@link #queue} and {@link #drainWriting}, and makes writes to the stream one at a time, in order. */
    private final Object lock = new Object();
    /** Messages waiting for the drain thread, at most {@link #queueCapacity}; full: dropped and reported. */
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    /** The drain thread holds a message taken from the queue and not yet written; offers queue behind it. */
    private boolean drainWriting;
    /** The current stream; opened and replaced by the drain thread, written by both threads under the lock. */
    private volatile SendStream stream;

    // Owned by the drain thread.
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
        this.queueCapacity = config.sendQueueCapacity();
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

    /**
     * Writes the message now if nothing is ahead of it and the stream has room; else queues it, or drops it and
     * reports the peer unreachable if the queue is full. Never blocks.
     */
    void offer(Message m) {
        boolean accepted = false;
        if (!closed) {
            synchronized (lock) {
                SendStream s = stream;
                if (!drainWriting && queue.isEmpty() && s != null && !s.isBroken() && s.isReady()) {
                    writeTo(s, m);
                    accepted = true;
                } else if (queue.size() < queueCapacity) {
                    queue.addLast(m);
                    lock.notifyAll();
                    accepted = true;
                }
            }
        }
        if (!accepted) {
            unreachable.report();
        }
    }

    private void drain() {
        try {
            while (!closed) {
                Message m;
                synchronized (lock) {
                    m = queue.pollFirst();
                    if (m == null) {
                        lock.wait(PARK_MS);
                        continue;
                    }
                    drainWriting = true;
                }
                try {
                    write(m);
                } finally {
                    synchronized (lock) {
                        drainWriting = false;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            SendStream s = stream;
            if (s != null) {
                s.finish();
            }
        }
    }

    /** Drain thread: writes {@code m} once the stream has room (no other write runs meanwhile: drainWriting). */
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
        writeTo(s, m);
    }

    private void writeTo(SendStream s, Message m) {
        RaftProto.Message proto = MessageCodec.toProto(m);
        s.write(proto);
        traffic.sent(peerId, proto.getSerializedSize()); // memoized by the write's serialization
    }

    /** The current stream, a new one if the last broke and the backoff has passed, or null while waiting it out. */
    private SendStream openStream() {
        SendStream current = stream;
        if (current != null && !current.isBroken()) {
            return current;
        }
        long now = System.nanoTime();
        if (current != null) {
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
        synchronized (lock) {
            queue.clear();
            lock.notifyAll();
        }
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

        /** Room in the stream now (false until the call has started). */
        boolean isReady() {
            ClientCallStreamObserver<RaftProto.Message> r = requests;
            return r != null && r.isReady();
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
