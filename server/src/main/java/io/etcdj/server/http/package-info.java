/**
 * The HTTP side: the client port's etcd 0.4.6 v2 API ({@code ClientHandler}: {@code /v2/keys}, {@code /version},
 * {@code /v2/machines}, {@code /v2/leader}, {@code /v2/stats/*}, etcd 2's {@code /v2/members} and {@code /health}) and
 * the peer port's admin JSON ({@code PeerHandler}), on Jetty 12 core handlers (no servlets). The legacy v1 API
 * ({@code /v1/keys}, {@code /v1/watch}: {@code V1KeysApi}, {@code V1Json}) shares the v2 request path through the
 * {@code KeysApi} seam of {@code KeysHandler}; {@code Cors} (-cors) wraps both ports' handlers.
 *
 * <p>Requests are parsed into immutable {@code KeyRequest}s and checked before anything reaches Raft; bad input gets
 * etcd's error JSON ({@code EtcdJson}, {@code Responses}). Writes park without a thread until their entry is applied;
 * watches park the same way. Watch delivery ({@code WatchDispatcher}, {@code WatchStream}, {@code WatchBudget}) takes
 * events off the apply thread, encodes each event once for all its watchers, and bounds what each watcher and all of
 * them together may hold, cutting off the slowest with a clean end of stream. The client port bounds connections and
 * the time to send a request head ({@code HttpServers}, {@code RequestHeadDeadline}).
 */
package io.etcdj.server.http;
