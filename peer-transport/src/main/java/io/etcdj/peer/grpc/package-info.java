/**
 * {@link io.etcdj.peer.PeerTransport} over gRPC. Outgoing: a grpc-netty-shaded channel, a bounded queue and one
 * long-lived {@code Send} stream per peer ({@code PeerSender}); snapshots as a chunked client stream whose first chunk
 * declares the size, with CRC32C per chunk and SHA-256 over the whole ({@code SnapshotChunks}, {@code SnapshotUpload}).
 * Incoming: the {@code RaftPeer} service ({@code RaftPeerService}, a plain {@code BindableService}) served by Jetty
 * through grpc-java's servlet transport on the same port as plain HTTP/1.1 ({@code PeerPortServer}). An incoming
 * snapshot is taken one at a time, within a size limit, into a spool file ({@code InstallSnapshotCall},
 * {@code SnapshotReceiver}, {@code SnapshotSpool}), and read into memory only once it verifies.
 *
 * <p>The peer port is plaintext ({@code http://} peer URLs, h2c) or, with {@link io.etcdj.peer.grpc.PeerTls} in the
 * config, mutual TLS ({@code https://} peer URLs, ALPN {@code h2}/{@code http/1.1}): both ends present a certificate
 * from the peer CA and clients check the server's SANs against the address dialled ({@code PeerPortConnectors},
 * {@code PeerChannels}). One transport never mixes the two.
 */
package io.etcdj.peer.grpc;
