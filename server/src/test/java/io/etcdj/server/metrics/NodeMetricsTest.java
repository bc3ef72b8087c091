package io.etcdj.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
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

    private static double lateAnswers(NodeMetrics metrics) {
        for (MetricSnapshot s : metrics.scrape()) {
            if (s.getMetadata().getPrometheusName().equals("etcdj_peer_late_answers")) {
                return ((CounterSnapshot) s).getDataPoints().get(0).getValue();
            }
        }
        throw new AssertionError("no etcdj_peer_late_answers_total family in the scrape");
    }
}
