package io.etcdj.server.metrics;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The JVM and process families (memory, GC, threads, classes, resident memory, open fds, CPU), once per process:
 * several members in one JVM (tests) or a member restarted as a standby share them, so they live in their own
 * registry, registered on first use, and every member's scrape includes it.
 */
final class ProcessMetrics {
    private static final PrometheusRegistry REGISTRY = create();

    private ProcessMetrics() {}

    private static PrometheusRegistry create() {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        return registry;
    }

    static PrometheusRegistry registry() {
        return REGISTRY;
    }
}
