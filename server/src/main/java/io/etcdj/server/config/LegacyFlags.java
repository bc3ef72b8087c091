package io.etcdj.server.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * etcd 0.4.6's flags kept only so old command lines and files still start: its deprecated aliases (each mapped to
 * its new flag, with 0.4.6's own warning on stderr), and settings accepted but without effect here (each with one
 * warning saying why and what to use instead).
 */
final class LegacyFlags {
    /** config.go's newFlagNameLookup: alias to the flag it stands for. */
    static final Map<String, String> ALIASES = aliases();

    /**
     * Flag to why it does nothing here and what to use instead; giving it (by any source) logs one warning, see
     * {@link #noEffect}. The value is still checked like any other.
     */
    static final Map<String, String> NO_EFFECT = Map.of(
            "max-result-buffer",
            "etcd 0.4.6 never used it either; a slow watcher is bounded by the event history instead",
            "max-retry-attempts",
            "joining through -peers tries every peer in turn, with"
                    + " backoff, for up to 60 s and then stops with the last error",
            "retry-interval",
            "joining through -peers retries with a backoff from 0.1 s to 2 s for up to 60 s",
            "trace",
            "use /v2/stats/self, /v2/stats/leader and /v2/stats/store, and -v for debug logs",
            "cpuprofile",
            "profile the JVM with Java Flight Recorder instead: run it with"
                    + " -XX:StartFlightRecording=filename=etcd.jfr (./etcd takes JVM options from ETCDJ_JAVA_OPTS,"
                    + " which replace its defaults)",
            "graphite-host",
            "etcdj does not publish metrics yet; read /v2/stats meanwhile");

    private LegacyFlags() {}

    private static Map<String, String> aliases() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("C", "peers");
        m.put("CF", "peers-file");
        m.put("n", "name");
        m.put("c", "addr");
        m.put("cl", "bind-addr");
        m.put("s", "peer-addr");
        m.put("sl", "peer-bind-addr");
        m.put("d", "data-dir");
        m.put("m", "max-result-buffer");
        m.put("r", "max-retry-attempts");
        m.put("maxsize", "cluster-active-size");
        m.put("max-cluster-size", "cluster-active-size");
        m.put("clientCAFile", "ca-file");
        m.put("clientCert", "cert-file");
        m.put("clientKey", "key-file");
        m.put("serverCAFile", "peer-ca-file");
        m.put("serverCert", "peer-cert-file");
        m.put("serverKey", "peer-key-file");
        m.put("snapshotCount", "snapshot-count");
        m.put("peer-heartbeat-timeout", "peer-heartbeat-interval");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The warning for a setting without effect, naming where it was given ({@code -trace}, {@code ETCD_TRACE}...). */
    static String noEffect(String label, String flag) {
        return label + " has no effect in etcdj: " + NO_EFFECT.get(flag);
    }

    /** 0.4.6's text, word for word (config.go, LoadFlags). */
    static String deprecation(String alias) {
        return "[deprecated] use -" + ALIASES.get(alias) + ", not -" + alias;
    }

    /** The -h section listing the aliases. */
    static String usage() {
        StringBuilder sb = new StringBuilder("\nDeprecated flags of etcd 0.4 (accepted with a warning):\n");
        for (Map.Entry<String, String> e : ALIASES.entrySet()) {
            sb.append(String.format("  -%-28s use -%s%n", e.getKey(), e.getValue()));
        }
        return sb.toString();
    }
}
