/**
 * The in-memory twin of the gRPC transport, for in-process clusters: {@link io.etcdj.peer.inmem.Network} connects
 * {@link io.etcdj.peer.inmem.InMemoryPeerTransport}s by URL and lets a test cut links, partition the members or drop
 * messages. It passes the same contract test as the gRPC transport.
 */
package io.etcdj.peer.inmem;
