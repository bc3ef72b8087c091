/**
 * {@link io.etcdj.peer.PeerTransport} over gRPC. Outgoing: a grpc-netty-shaded channel, a bounded queue and one
 * long-lived {@code Send} stream per peer ({@code PeerSender}); snapshots as a chunked client stream with CRC32C per
 * chunk and SHA-256 over the whole ({@code SnapshotChunks}, {@code SnapshotUpload}, {@code SnapshotAssembler}).
 * Incoming: the {@code RaftPeer} service ({@code RaftPeerService}, a plain {@code BindableService}) served by Jetty
 * through grpc-java's servlet transport on the same port as plain HTTP/1.1 ({@code PeerPortServer}).
 */
package io.etcdj.peer.grpc;
