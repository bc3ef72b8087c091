package io.etcdj.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The per-peer series stay bounded by the membership: strangers are not counted, departed members disappear. */
class PeerSeriesTest {
    private static final long A = 0x1aL;
    private static final long B = 0xfedcba9876543210L;
    private static final long STRANGER = 0x777L;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PeerSeries series = new PeerSeries(registry);
    private final Set<Long> members = ConcurrentHashMap.newKeySet();

    @Test
    void countsOnlyMembersLabelledInHexAndDropsRemovedOnes() {
        members.addAll(Set.of(A, B));
        series.trackMembers(members::contains);
        series.sent(A, 100);
        series.sent(A, 50);
        series.sent(B, 7);
        series.received(B, 30);
        series.received(STRANGER, 1_000); // a peer's message may carry any from id: never a series of its own
        series.roundTrip(A, 2_000_000);

        assertEquals(Map.of("1a", 150.0, "fedcba9876543210", 7.0), values("etcd_network_peer_sent_bytes", "To"));
        // A peer's series are made together, at zero, the first time it is counted.
        assertEquals(Map.of("1a", 0.0, "fedcba9876543210", 30.0), values("etcd_network_peer_received_bytes", "From"));
        assertEquals(
                Map.of("1a", 1.0, "fedcba9876543210", 0.0), values("etcd_network_peer_round_trip_time_seconds", "To"));

        members.remove(A); // A was removed from the cluster
        series.retainMembers();
        assertEquals(Map.of("fedcba9876543210", 7.0), values("etcd_network_peer_sent_bytes", "To"));
        assertEquals(Map.of("fedcba9876543210", 0.0), values("etcd_network_peer_round_trip_time_seconds", "To"));

        series.sent(A, 1); // a late message to the removed member
        assertEquals(Map.of("fedcba9876543210", 7.0), values("etcd_network_peer_sent_bytes", "To"));
    }

    @Test
    void nothingIsCountedBeforeTheMembershipIsKnown() {
        series.sent(A, 10);
        series.received(A, 10);
        assertEquals(Map.of(), values("etcd_network_peer_sent_bytes", "To"));
        assertEquals(Map.of(), values("etcd_network_peer_received_bytes", "From"));
    }

    @Test
    void bucketsDoubleFromTheirStartLikeEtcds() {
        assertEquals(0.0001, PeerSeries.ROUND_TRIP_BUCKETS[0]);
        assertEquals(0.8192, PeerSeries.ROUND_TRIP_BUCKETS[13], 1e-12);
        assertEquals(8.192, NodeMetrics.DISK_BUCKETS[13], 1e-12);
    }

    /** Label value to the counter value (or, for a histogram, its count) of one family. */
    private Map<String, Double> values(String family, String label) {
        Map<String, Double> out = new TreeMap<>();
        for (MetricSnapshot s : registry.scrape()) {
            if (!s.getMetadata().getName().equals(family)) {
                continue;
            }
            for (DataPointSnapshot p : s.getDataPoints()) {
                double v = p instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot c
                        ? c.getValue()
                        : ((io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot) p)
                                .getCount();
                out.put(p.getLabels().get(label), v);
            }
        }
        return out;
    }
}
