package io.etcdj.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Counts kept by the transport reach the scrape as they are at scrape time. */
class NodeMetricsTest {
    @Test
    void lateAnswersAreExportedAsTheTransportCountsThem() {
        NodeMetrics metrics = new NodeMetrics();
        AtomicLong late = new AtomicLong();
        metrics.countLateAnswers(late::get);

        assertEquals(0.0, lateAnswers(metrics));
        late.addAndGet(3);
        assertEquals(3.0, lateAnswers(metrics), "read at each scrape, not copied once");
    }

    @Test
    void rejectedInputIsExportedByKind() {
        NodeMetrics metrics = new NodeMetrics();
        Map<String, Long> counts = new TreeMap<>();
        metrics.countRejectedInput(() -> counts);
        counts.put("peer message", 5L);
        counts.put("removal notice", 1L);

        CounterSnapshot rejected = (CounterSnapshot) family(metrics, "etcdj_rejected_input");
        Map<String, Double> byKind = new TreeMap<>();
        rejected.getDataPoints().forEach(p -> byKind.put(p.getLabels().get("kind"), p.getValue()));
        assertEquals(Map.of("peer message", 5.0, "removal notice", 1.0), byKind);
    }

    private static MetricSnapshot family(NodeMetrics metrics, String name) {
        for (MetricSnapshot s : metrics.scrape()) {
            if (s.getMetadata().getPrometheusName().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no " + name + " family in the scrape");
    }

    private static double lateAnswers(NodeMetrics metrics) {
        for (MetricSnapshot s : metrics.scrape()) {
            if (s.getMetadata().getPrometheusName().equals("etcdj_peer_late_answers")) {
                return ((CounterSnapshot) s).getDataPoints().get(0).getValue();
            }
        }
        throw new AssertionError("no etcdj_peer_late_answers_total family in the scrape");
    }
}
