package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.fail;

import io.etcdj.peer.Recorder;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The RaftPeer service of member {@link #ID} on an in-process gRPC server (grpc-inprocess), with a channel to it:
 * the service's own behaviour without sockets. Its spool directory is a test's temporary directory.
 */
final class InProcessPeer implements AutoCloseable {
    static final long ID = 2;
    static final int MAX_MESSAGE_BYTES = 4 << 20;

    final Recorder handler;
    final SnapshotSpool spool;
    final RaftPeerService service;
    final Server server;
    final ManagedChannel channel;

    InProcessPeer(Path spoolDir, Recorder handler, long maxSnapshotBytes, Duration snapshotTimeout) throws IOException {
        this.handler = handler;
        this.spool = new SnapshotSpool(Optional.of(spoolDir));
        spool.prepare();
        this.service = new RaftPeerService(
                ID, handler, maxSnapshotBytes, spool, snapshotTimeout, io.etcdj.peer.PeerTraffic.NONE);
        String name = InProcessServerBuilder.generateName();
        this.server = InProcessServerBuilder.forName(name)
                .addService(service)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build()
                .start();
        this.channel = InProcessChannelBuilder.forName(name)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
    }

    List<Path> spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(spool.dir())) {
            return files.toList();
        }
    }

    /** Waits (bounded) until the spool directory's listing satisfies {@code condition}; returns that listing. */
    List<Path> awaitSpool(Predicate<List<Path>> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        while (true) {
            List<Path> files = spoolFiles();
            if (condition.test(files)) {
                return files;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("spool directory never showed " + what + "; it holds " + files);
            }
            Thread.sleep(5); // polling an observable condition, not waiting for time to pass
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
        service.close();
        spool.close();
    }
}
