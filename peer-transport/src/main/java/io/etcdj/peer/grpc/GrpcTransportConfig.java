package io.etcdj.peer.grpc;

import io.etcdj.peer.MembershipDeadlines;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Knobs of {@link GrpcPeerTransport}; every queue and wait has a bound.
 *
 * @param sendQueueCapacity  messages waiting per peer; past this, send() drops and reports the peer unreachable
 * @param reconnectMin       first wait after a broken stream before opening the next one
 * @param reconnectMax       cap of the doubling wait, so a peer that comes back is found within this long
 * @param snapshotChunkBytes data bytes per InstallSnapshot chunk
 * @param snapshotTimeout    deadline of one whole InstallSnapshot call, on the sending side and (so that a stalled or
 *                           trickling sender cannot hold the one receiving slot for ever) on the receiving side
 * @param unaryTimeout       deadline of Join, Remove and TransferLeadership calls; the members' own waits on such a
 *                           call are shorter than the default ({@link MembershipDeadlines}), not shorter than this
 * @param maxMessageBytes    largest gRPC message accepted either way (a MsgApp batch, a chunk)
 * @param tls                mutual TLS material for the peer port, both ways: the server requires a client certificate
 *                           and clients check the server's certificate (including its SANs against the peer URL's
 *                           host). Empty for plaintext. A transport is one or the other: with TLS every peer URL must
 *                           be {@code https://}, without it {@code http://}
 * @param maxSnapshotBytes   largest snapshot accepted from a peer, judged by the size its first chunk declares; at
 *                           most {@link #MAX_ARRAY_BYTES}, because a received snapshot ends up in one byte array
 * @param snapshotSpoolDir   where an incoming snapshot is written while it arrives (files {@code incoming-*.part},
 *                           mode 0600, removed when the stream ends; leftovers of a crash are removed at start).
 *                           Empty: a private temporary directory, removed when the transport closes
 * @param sourceAddress      the local address outgoing peer connections leave from; empty: the operating system picks
 *                           (on one host with members on 127.0.0.2, .3, ... that is 127.0.0.1 for all of them, so a
 *                           firewall rule on a member's address would see only the traffic coming to it)
 */
public record GrpcTransportConfig(
        int sendQueueCapacity,
        Duration reconnectMin,
        Duration reconnectMax,
        int snapshotChunkBytes,
        Duration snapshotTimeout,
        Duration unaryTimeout,
        int maxMessageBytes,
        Optional<PeerTls> tls,
        long maxSnapshotBytes,
        Optional<Path> snapshotSpoolDir,
        Optional<InetAddress> sourceAddress) {
    /** The largest byte array a JVM reliably allocates (some reserve header words in an array). */
    public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    public GrpcTransportConfig {
        if (sendQueueCapacity < 1 || snapshotChunkBytes < 1 || maxMessageBytes < snapshotChunkBytes + 1024) {
            throw new IllegalArgumentException("bad sizes: queue " + sendQueueCapacity + ", chunk " + snapshotChunkBytes
                    + ", max message " + maxMessageBytes);
        }
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("bad reconnect backoff " + reconnectMin + ".." + reconnectMax);
        }
        if (maxSnapshotBytes < 0 || maxSnapshotBytes > MAX_ARRAY_BYTES) {
            throw new IllegalArgumentException(
                    "max snapshot bytes " + maxSnapshotBytes + " outside 0.." + MAX_ARRAY_BYTES);
        }
        if (snapshotTimeout.isNegative() || snapshotTimeout.isZero()) {
            throw new IllegalArgumentException("bad snapshot timeout " + snapshotTimeout);
        }
        Objects.requireNonNull(tls, "tls (Optional.empty() for plaintext)");
        Objects.requireNonNull(snapshotSpoolDir, "snapshotSpoolDir (Optional.empty() for a temporary directory)");
        Objects.requireNonNull(sourceAddress, "sourceAddress (Optional.empty() to let the operating system pick)");
    }

    /**
     * Plaintext; 4096 queued messages per peer, 50 ms..2 s reconnect, 1 MiB chunks, 16 MiB messages, snapshots up
     * to {@link #defaultMaxSnapshotBytes()}, spooled in a temporary directory.
     */
    public static GrpcTransportConfig defaults() {
        return new GrpcTransportConfig(
                4096,
                Duration.ofMillis(50),
                Duration.ofSeconds(2),
                1 << 20,
                Duration.ofMinutes(5),
                Duration.ofMillis(MembershipDeadlines.CALL_MS),
                16 << 20,
                Optional.empty(),
                defaultMaxSnapshotBytes(),
                Optional.empty(),
                Optional.empty());
    }

    /**
     * A quarter of the heap: the snapshot is read into memory once it verifies, and the member holds its own store
     * and a copy being applied besides; never more than a byte array can hold.
     */
    public static long defaultMaxSnapshotBytes() {
        return Math.min(Runtime.getRuntime().maxMemory() / 4, MAX_ARRAY_BYTES);
    }

    public GrpcTransportConfig withSendQueueCapacity(int capacity) {
        return new GrpcTransportConfig(
                capacity,
                reconnectMin,
                reconnectMax,
                snapshotChunkBytes,
                snapshotTimeout,
                unaryTimeout,
                maxMessageBytes,
                tls,
                maxSnapshotBytes,
                snapshotSpoolDir,
                sourceAddress);
    }

    public GrpcTransportConfig withReconnect(Duration min, Duration max) {
        return new GrpcTransportConfig(
                sendQueueCapacity,
                min,
                max,
                snapshotChunkBytes,
                snapshotTimeout,
                unaryTimeout,
                maxMessageBytes,
                tls,
                maxSnapshotBytes,
                snapshotSpoolDir,
                sourceAddress);
    }

    public GrpcTransportConfig withSnapshotChunkBytes(int bytes) {
        return new GrpcTransportConfig(
                sendQueueCapacity,
                reconnectMin,
                reconnectMax,
                bytes,
                snapshotTimeout,
                unaryTimeout,
                maxMessageBytes,
                tls,
                maxSnapshotBytes,
                snapshotSpoolDir,
                sourceAddress);
    }

    public GrpcTransportConfig withSnapshotTimeout(Duration timeout) {
        return new GrpcTransportConfig(
                sendQueueCapacity,
                reconnectMin,
                reconnectMax,
                snapshotChunkBytes,
                timeout,
                unaryTimeout,
                maxMessageBytes,
                tls,
                maxSnapshotBytes,
                snapshotSpoolDir,
                sourceAddress);
    }

    public GrpcTransportConfig withMaxSnapshotBytes(long bytes) {
        return new GrpcTransportConfig(
                sendQueueCapacity,
                reconnectMin,
                reconnectMax,
                snapshotChunkBytes,
                snapshotTimeout,
                unaryTimeout,
                maxMessageBytes,
                tls,
                bytes,
                snapshotSpoolDir,
                sourceAddress);
    }

    /** Where incoming snapshots are spooled; the server passes a directory inside the data dir. */
    public GrpcTransportConfig withSnapshotSpoolDir(Path dir) {
        return new GrpcTransportConfig(
                sendQueueCapacity,
                reconnectMin,
                reconnectMax,
                snapshotChunkBytes,
                snapshotTimeout,
                unaryTimeout,
                maxMessageBytes,
                tls,
                maxSnapshotBytes,
                Optional.of(dir),
                sourceAddress);
    }

    /**
     * The same knobs with mutual TLS on the peer port: what etcd's {@code -peer-cert-file}, {@code -peer-key-file}
     * and {@code -peer-ca-file} turn on (see {@link PeerTls#load}).
     */
    public GrpcTransportConfig withTls(PeerTls peerTls) {
        return new GrpcTransportConfig(
                sendQueueCapacity,
                reconnectMin,
                reconnectMax,
                snapshotChunkBytes,
                snapshotTimeout,
                unaryTimeout,
                maxMessageBytes,
                Optional.of(peerTls),
                maxSnapshotBytes,
                snapshotSpoolDir,
                sourceAddress);
    }

    /** Outgoing peer connections leave from this local address (the member's own peer address). */
    public GrpcTransportConfig withSourceAddress(InetAddress address) {
        return new GrpcTransportConfig(
                sendQueueCapacity,
                reconnectMin,
                reconnectMax,
                snapshotChunkBytes,
                snapshotTimeout,
                unaryTimeout,
                maxMessageBytes,
                tls,
                maxSnapshotBytes,
                snapshotSpoolDir,
                Optional.of(address));
    }
}
