package io.etcdj.peer.grpc;

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
 * @param snapshotTimeout    deadline of one whole InstallSnapshot call
 * @param unaryTimeout       deadline of Join, Remove and TransferLeadership calls
 * @param maxMessageBytes    largest gRPC message accepted either way (a MsgApp batch, a chunk)
 * @param tls                mutual TLS material for the peer port, both ways: the server requires a client certificate
 *                           and clients check the server's certificate (including its SANs against the peer URL's
 *                           host). Empty for plaintext. A transport is one or the other: with TLS every peer URL must
 *                           be {@code https://}, without it {@code http://}
 */
public record GrpcTransportConfig(int sendQueueCapacity, Duration reconnectMin, Duration reconnectMax,
                                  int snapshotChunkBytes, Duration snapshotTimeout, Duration unaryTimeout,
                                  int maxMessageBytes, Optional<PeerTls> tls) {

    public GrpcTransportConfig {
        if (sendQueueCapacity < 1 || snapshotChunkBytes < 1 || maxMessageBytes < snapshotChunkBytes + 1024) {
            throw new IllegalArgumentException("bad sizes: queue " + sendQueueCapacity + ", chunk "
                    + snapshotChunkBytes + ", max message " + maxMessageBytes);
        }
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("bad reconnect backoff " + reconnectMin + ".." + reconnectMax);
        }
        Objects.requireNonNull(tls, "tls (Optional.empty() for plaintext)");
    }

    /** Plaintext; 4096 queued messages per peer, 50 ms..2 s reconnect, 1 MiB chunks, 16 MiB messages. */
    public static GrpcTransportConfig defaults() {
        return new GrpcTransportConfig(4096, Duration.ofMillis(50), Duration.ofSeconds(2), 1 << 20,
                Duration.ofMinutes(5), Duration.ofSeconds(10), 16 << 20, Optional.empty());
    }

    public GrpcTransportConfig withSendQueueCapacity(int capacity) {
        return new GrpcTransportConfig(capacity, reconnectMin, reconnectMax, snapshotChunkBytes, snapshotTimeout,
                unaryTimeout, maxMessageBytes, tls);
    }

    public GrpcTransportConfig withReconnect(Duration min, Duration max) {
        return new GrpcTransportConfig(sendQueueCapacity, min, max, snapshotChunkBytes, snapshotTimeout,
                unaryTimeout, maxMessageBytes, tls);
    }

    public GrpcTransportConfig withSnapshotChunkBytes(int bytes) {
        return new GrpcTransportConfig(sendQueueCapacity, reconnectMin, reconnectMax, bytes, snapshotTimeout,
                unaryTimeout, maxMessageBytes, tls);
    }

    /**
     * The same knobs with mutual TLS on the peer port: what etcd's {@code -peer-cert-file}, {@code -peer-key-file}
     * and {@code -peer-ca-file} turn on (see {@link PeerTls#load}).
     */
    public GrpcTransportConfig withTls(PeerTls peerTls) {
        return new GrpcTransportConfig(sendQueueCapacity, reconnectMin, reconnectMax, snapshotChunkBytes,
                snapshotTimeout, unaryTimeout, maxMessageBytes, Optional.of(peerTls));
    }
}
