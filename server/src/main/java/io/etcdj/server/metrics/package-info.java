/**
 * Prometheus metrics of a member, served at {@code /metrics} on the client and peer ports ({@link MetricsRoute}).
 * Numbers that already exist elsewhere (the store's /v2/stats/store counters, the commit and applied indexes, the
 * leader) are read when scraped; durations and peer traffic come in through the small observer interfaces the lower
 * layers own ({@code cluster.Timings}, {@code peer.PeerTraffic}). The families are listed in README-metrics.md.
 * Layer: between node (which wires it) and cluster; http knows nothing of it.
 */
package io.etcdj.server.metrics;
