package io.etcdj.server.metrics;

import io.etcdj.server.cluster.WriteStage;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The leader's write latency by stage ({@code etcdj_write_stage_duration_seconds{stage}}), end to end
 * ({@code etcdj_write_duration_seconds}), and the follower's append time ({@code
 * etcdj_follower_append_duration_seconds}): the breakdown that says where a slow write spent its time. The data
 * point of each stage is looked up once, so recording one is a bucket search and two adds, on whichever thread ends
 * the stage.
 */
final class WriteStageMetrics {
    /** 50 µs doubling to ~6.6 s: a local write's stages are tens of microseconds, a loaded one's tail is seconds. */
    static final double[] WRITE_BUCKETS = PeerSeries.exponential(0.00005, 18);

    private final DistributionDataPoint[] stages = new DistributionDataPoint[WriteStage.values().length];
    private final Histogram total;
    private final Histogram followerAppend;

    WriteStageMetrics(PrometheusRegistry registry) {
        Histogram byStage = Histogram.builder()
                .name("etcdj_write_stage_duration_seconds")
                .help("Leader only: time a client write spent in each stage, from the end of the one before "
                        + "(queued: waiting for the Raft thread; persisted: until its fsync; committed: waiting for "
                        + "a quorum of followers; applied: until applied; answered: until the response was sent).")
                .labelNames("stage")
                .classicOnly()
                .classicUpperBounds(WRITE_BUCKETS)
                .withoutExemplars()
                .register(registry);
        for (WriteStage stage : WriteStage.values()) {
            stages[stage.ordinal()] = byStage.labelValues(stage.label());
        }
        total = Histogram.builder()
                .name("etcdj_write_duration_seconds")
                .help("Leader only: time a client write took from reaching the Raft node to its response being sent.")
                .classicOnly()
                .classicUpperBounds(WRITE_BUCKETS)
                .withoutExemplars()
                .register(registry);
        followerAppend = Histogram.builder()
                .name("etcdj_follower_append_duration_seconds")
                .help("Follower only: time from a MsgApp received to its MsgAppResp handed to the transport "
                        + "(the entries fsynced in between).")
                .classicOnly()
                .classicUpperBounds(WRITE_BUCKETS)
                .withoutExemplars()
                .register(registry);
    }

    void stage(WriteStage stage, long nanos) {
        stages[stage.ordinal()].observe(nanos / 1e9);
    }

    void total(long nanos) {
        total.observe(nanos / 1e9);
    }

    void followerAppend(long nanos) {
        followerAppend.observe(nanos / 1e9);
    }
}
