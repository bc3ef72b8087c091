package io.etcdj.server.metrics;

import io.etcdj.peer.PeerTraffic;
import io.etcdj.raft.MemberIds;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

/**
 * The per-peer families: bytes sent ({@code To}), bytes received ({@code From}) and heartbeat round trips ({@code
 * To}), labelled with the peer's id in hex as /v2/members prints it. Labels are bounded by the membership:
 * a message from or to an id that is not a current member is not counted (a peer's messages carry any id it likes),
 * and {@link #retainMembers()} (run before each scrape) removes the series of members that have left. The data
 * points of a peer are looked up once and cached, so counting a message is a map lookup and an add.
 */
final class PeerSeries implements PeerTraffic {
    /** etcd's buckets for peer round trips: 0.1 ms doubling to ~0.8 s. */
    static final double[] ROUND_TRIP_BUCKETS = exponential(0.0001, 14);

    private final Counter sentBytes;
    private final Counter receivedBytes;
    private final Histogram roundTrip;
    private final Map<Long, Peer> peers = new ConcurrentHashMap<>();
    private volatile LongPredicate isMember = id -> false;

    private record Peer(
            String hexId, CounterDataPoint sent, CounterDataPoint received, DistributionDataPoint roundTrip) {}

    PeerSeries(PrometheusRegistry registry) {
        sentBytes = Counter.builder()
                .name("etcd_network_peer_sent_bytes_total")
                .help("The total number of bytes of Raft messages sent to peers.")
                .labelNames("To")
                .withoutExemplars()
                .register(registry);
        receivedBytes = Counter.builder()
                .name("etcd_network_peer_received_bytes_total")
                .help("The total number of bytes of Raft messages received from peers.")
                .labelNames("From")
                .withoutExemplars()
                .register(registry);
        roundTrip = Histogram.builder()
                .name("etcd_network_peer_round_trip_time_seconds")
                .help("Round-trip time of heartbeats from the leader to each follower, in seconds.")
                .labelNames("To")
                .classicOnly()
                .classicUpperBounds(ROUND_TRIP_BUCKETS)
                .withoutExemplars()
                .register(registry);
    }

    /** Which ids are members now; until set, nothing is counted. */
    void trackMembers(LongPredicate isMember) {
        this.isMember = isMember;
    }

    @Override
    public void sent(long toId, int bytes) {
        Peer p = peer(toId);
        if (p != null) {
            p.sent().inc(bytes);
        }
    }

    @Override
    public void received(long fromId, int bytes) {
        Peer p = peer(fromId);
        if (p != null) {
            p.received().inc(bytes);
        }
    }

    void roundTrip(long toId, long nanos) {
        Peer p = peer(toId);
        if (p != null) {
            p.roundTrip().observe(nanos / 1e9);
        }
    }

    /** Drops the series of every peer that is no longer a member. */
    void retainMembers() {
        LongPredicate members = isMember;
        for (Map.Entry<Long, Peer> e : peers.entrySet()) {
            if (!members.test(e.getKey()) && peers.remove(e.getKey(), e.getValue())) {
                String hex = e.getValue().hexId();
                sentBytes.remove(hex);
                receivedBytes.remove(hex);
                roundTrip.remove(hex);
            }
        }
    }

    private Peer peer(long id) {
        Peer p = peers.get(id);
        if (p != null) {
            return p;
        }
        if (!isMember.test(id)) {
            return null;
        }
        return peers.computeIfAbsent(id, k -> {
            String hex = hexId(k);
            return new Peer(
                    hex, sentBytes.labelValues(hex), receivedBytes.labelValues(hex), roundTrip.labelValues(hex));
        });
    }

    /**
     * A member id as /v2/members (and etcd's metrics, types.ID) print it: lower-case hex without leading zeros, so a
     * label can be matched with the member list as it stands.
     */
    static String hexId(long id) {
        return MemberIds.hex(id);
    }

    static double[] exponential(double start, int count) {
        double[] bounds = new double[count];
        for (int i = 0; i < count; i++) {
            bounds[i] = start * (1L << i);
        }
        return bounds;
    }
}
