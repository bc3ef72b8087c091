package io.etcdj.server.metrics;

import io.etcdj.peer.PeerTraffic;
import io.etcdj.server.cluster.RaftNode;
import io.etcdj.server.cluster.Timings;
import io.etcdj.server.cluster.WriteStage;
import io.etcdj.store.Store;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One member's metrics: the Raft, disk, store and peer families under etcd's names, plus the process-wide JVM ones
 * ({@link ProcessMetrics}). Made before the ports open (the transport counts bytes from its first message), then
 * {@link #attach attached} to the Raft node once it exists; a scrape before that shows only what is known so far.
 * A member restarted as a standby gets new metrics: its counters start again from zero, which Prometheus's rate()
 * treats as a reset.
 */
public final class NodeMetrics implements Timings {
    /** etcd's buckets for WAL fsyncs and snapshot saves: 1 ms doubling to ~8 s. */
    static final double[] DISK_BUCKETS = PeerSeries.exponential(0.001, 14);

    /** The store's /v2/stats/store counters by etcd's action label: reads, then writes. */
    private static final String[][] READS = {{"get", "gets"}};

    private static final String[][] WRITES = {
        {"set", "sets"},
        {"create", "create"},
        {"update", "update"},
        {"delete", "delete"},
        {"compareAndSwap", "compareAndSwap"},
        {"compareAndDelete", "compareAndDelete"}
    };

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PeerSeries peers = new PeerSeries(registry);
    private final Histogram walFsync = Histogram.builder()
            .name("etcd_disk_wal_fsync_duration_seconds")
            .help("The latency distributions of fsync called by the write-ahead log.")
            .classicOnly()
            .classicUpperBounds(DISK_BUCKETS)
            .withoutExemplars()
            .register(registry);
    private final Histogram snapshotSave = Histogram.builder()
            .name("etcd_debugging_snap_save_total_duration_seconds")
            .help("The total latency distributions of saving a snapshot file (written and fsynced).")
            .classicOnly()
            .classicUpperBounds(DISK_BUCKETS)
            .withoutExemplars()
            .register(registry);
    private final WriteStageMetrics writes = new WriteStageMetrics(registry);
    private volatile boolean attached;

    /** The bytes of Raft messages per peer: give it to the transport. */
    public PeerTraffic peerTraffic() {
        return peers;
    }

    /**
     * Exports the transport's count of answers to peers' calls dropped because the caller had gone (its deadline
     * passed while this member worked on the call): {@code etcdj_peer_late_answers_total}. Once.
     */
    public void countLateAnswers(LongSupplier lateAnswers) {
        CounterWithCallback.builder()
                .name("etcdj_peer_late_answers_total")
                .help("Answers to peers' join, removal and leadership-transfer calls dropped because the caller had"
                        + " gone (its deadline passed) before they were ready.")
                .callback(cb -> cb.call(lateAnswers.getAsLong()))
                .register(registry);
    }

    /**
     * Exports the counts of refused input by kind ("peer message", "log entry", "removal notice"...):
     * {@code etcdj_rejected_input_total{kind}}, so an operator sees a broken or hostile peer without reading the
     * (rate-limited) WARN lines. The kinds are fixed strings in the code, so the series are few. Once.
     */
    void countRejectedInput(Supplier<Map<String, Long>> countsByKind) {
        CounterWithCallback.builder()
                .name("etcdj_rejected_input_total")
                .help("Peer messages, log entries and peer notices refused or dropped as invalid, by kind; each"
                        + " sort is also logged at WARN (at most every 10 s).")
                .labelNames("kind")
                .callback(cb -> countsByKind.get().forEach((kind, count) -> cb.call(count, kind)))
                .register(registry);
    }

    /** Registers the families read from the node and its store at scrape time; once. */
    public synchronized void attach(RaftNode raft) {
        if (attached) {
            throw new IllegalStateException("metrics already attached to a node");
        }
        attached = true;
        peers.trackMembers(raft::isAppliedMember);
        raft.observeTimings(this);
        registerServer(raft);
        countRejectedInput(raft::rejectedInput);
        registerStore(raft.store());
    }

    private void registerServer(RaftNode raft) {
        GaugeWithCallback.builder()
                .name("etcd_server_has_leader")
                .help("Whether or not a leader exists. 1 is existence, 0 is not.")
                .callback(cb -> cb.call(raft.leaderId() != 0 ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder()
                .name("etcd_server_is_leader")
                .help("Whether or not this member is a leader. 1 if is, 0 otherwise.")
                .callback(cb -> cb.call(raft.isLeader() ? 1 : 0))
                .register(registry);
        CounterWithCallback.builder()
                .name("etcd_server_leader_changes_seen_total")
                .help("The number of leader changes seen.")
                .callback(cb -> cb.call(raft.stats().leaderChanges()))
                .register(registry);
        CounterWithCallback.builder()
                .name("etcd_server_proposals_committed_total")
                .help("The total number of consensus proposals committed (the Raft commit index).")
                .callback(cb -> cb.call(raft.commitIndex()))
                .register(registry);
        CounterWithCallback.builder()
                .name("etcd_server_proposals_applied_total")
                .help("The total number of consensus proposals applied (the applied index).")
                .callback(cb -> cb.call(raft.appliedIndex()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("etcd_server_proposals_pending")
                .help("The current number of writes proposed here and waiting to be applied.")
                .callback(cb -> cb.call(raft.pendingProposals()))
                .register(registry);
        CounterWithCallback.builder()
                .name("etcd_server_proposals_failed_total")
                .help("The total number of writes proposed here that failed (refused, timed out, node stopping).")
                .callback(cb -> cb.call(raft.failedProposals()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("etcd_server_term")
                .help("The Raft term this member is in.")
                .callback(cb -> cb.call(raft.term()))
                .register(registry);
    }

    private void registerStore(Store store) {
        counterByAction(
                store,
                "etcd_debugging_store_reads_total",
                "Total number of reads by action, local to this member.",
                READS,
                "Success");
        counterByAction(
                store,
                "etcd_debugging_store_reads_failed_total",
                "Failed reads by action, local to this member.",
                READS,
                "Fail");
        counterByAction(
                store,
                "etcd_debugging_store_writes_total",
                "Total number of writes by action (e.g. set/compareAndDelete) applied by this member.",
                WRITES,
                "Success");
        counterByAction(
                store,
                "etcd_debugging_store_writes_failed_total",
                "Failed writes by action (e.g. set/compareAndDelete) applied by this member.",
                WRITES,
                "Fail");
        CounterWithCallback.builder()
                .name("etcd_debugging_store_expires_total")
                .help("Total number of expired keys.")
                .callback(cb -> cb.call(stat(store.stats(), "expireCount")))
                .register(registry);
        GaugeWithCallback.builder()
                .name("etcd_debugging_store_watchers")
                .help("Count of currently active watchers.")
                .callback(cb -> cb.call(stat(store.stats(), "watchers")))
                .register(registry);
    }

    private void counterByAction(Store store, String name, String help, String[][] actions, String suffix) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("action")
                .callback(cb -> {
                    Map<String, Long> stats = store.stats();
                    for (String[] action : actions) {
                        cb.call(stat(stats, action[1] + suffix), action[0]);
                    }
                })
                .register(registry);
    }

    private static long stat(Map<String, Long> stats, String key) {
        Long v = stats.get(key);
        return v == null ? 0 : v;
    }

    /** Everything to expose now: this member's families and the process's. */
    public MetricSnapshots scrape() {
        peers.retainMembers();
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        for (MetricSnapshot s : ProcessMetrics.registry().scrape()) {
            all.metricSnapshot(s);
        }
        for (MetricSnapshot s : registry.scrape()) {
            all.metricSnapshot(s);
        }
        return all.build();
    }

    @Override
    public void walFsynced(long nanos) {
        walFsync.observe(nanos / 1e9);
    }

    @Override
    public void snapshotSaved(long nanos) {
        snapshotSave.observe(nanos / 1e9);
    }

    @Override
    public void peerRoundTrip(long peerId, long nanos) {
        peers.roundTrip(peerId, nanos);
    }

    @Override
    public void writeStage(WriteStage stage, long nanos) {
        writes.stage(stage, nanos);
    }

    @Override
    public void writeAnswered(long nanos) {
        writes.total(nanos);
    }

    @Override
    public void followerAppended(long nanos) {
        writes.followerAppend(nanos);
    }
}
