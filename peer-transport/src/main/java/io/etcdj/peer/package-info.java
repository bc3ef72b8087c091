/**
 * Peer transport: how Raft members exchange messages.
 *
 * <p>{@link io.etcdj.peer.PeerTransport} is the one interface the server uses. The Raft loop calls
 * {@code send(ready.messages())} and never waits; incoming messages reach an {@link io.etcdj.peer.InboundHandler};
 * losses come back as {@link io.etcdj.peer.DeliveryReports} ({@code reportUnreachable}, {@code reportSnapshot}),
 * which the loop forwards to {@code RawNode}. {@link io.etcdj.peer.MessageCodec} maps Raft's plain Java messages onto
 * protobuf.
 *
 * <p>Two implementations share one contract test: {@code grpc.GrpcPeerTransport} (gRPC served by Jetty on the peer
 * port, next to plain HTTP/1.1) and {@code inmem.InMemoryPeerTransport} (a twin for in-process clusters, with drop
 * and partition hooks on its {@code inmem.Network}).
 */
package io.etcdj.peer;
