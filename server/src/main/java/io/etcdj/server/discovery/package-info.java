/**
 * etcd 0.4.6's discovery, both sides. The client ({@link io.etcdj.server.discovery.Discovery}): a member started with
 * a fresh data dir and {@code -discovery <token URL>} registers its peer URL under the token, claims the token's
 * {@code _state} key (the first member to claim it forms the cluster) or else joins through the members already
 * registered. The service ({@link io.etcdj.server.discovery.DiscoveryServiceMain}, {@code bin/discovery}): hands out
 * tokens ({@code GET /new}) and proxies {@code /<token>[/<name>]} onto a backend etcd's
 * {@code /v2/keys/_etcd/registry/<token>}, as discovery.etcd.io did in 2014.
 *
 * <p>Layering: {@code node} calls the client; this package uses only {@code config} of the server.
 */
package io.etcdj.server.discovery;
