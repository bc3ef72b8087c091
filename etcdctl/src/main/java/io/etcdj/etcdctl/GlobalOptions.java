package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import io.etcdj.cli.ParsedArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tool-wide flags and their environment fallbacks (etcd 3.4's ETCDCTL_API=2 etcdctl, which is a
 * superset of 0.4.6's): a flag wins over ETCDCTL_ENDPOINTS, which wins over ETCDCTL_PEERS.
 */
final class GlobalOptions {
    static final String DEFAULT_ENDPOINT = "http://127.0.0.1:4001";

    static final List<Flag> FLAGS = List.of(
            Flag.bool("debug", "output cURL commands which can be used to reproduce the request"),
            Flag.bool("no-sync", "accepted for compatibility; the endpoints are used as given"),
            Flag.value("output", "simple", "output response in the given format (simple, extended or json)", "o"),
            Flag.value(
                            "endpoints",
                            "value",
                            "a comma-delimited list of machine addresses in the cluster"
                                    + " ($ETCDCTL_ENDPOINTS, $ETCDCTL_PEERS; default: \"" + DEFAULT_ENDPOINT + "\")",
                            "peers",
                            "C",
                            "endpoint")
                    .repeated(), // 0.4.6's -C was a string slice: "-C a -C b" means both
            Flag.value(
                    "cert-file", "value", "identify HTTPS client using this SSL certificate file ($ETCDCTL_CERT_FILE)"),
            Flag.value("key-file", "value", "identify HTTPS client using this SSL key file ($ETCDCTL_KEY_FILE)"),
            Flag.value(
                    "ca-file",
                    "value",
                    "verify certificates of HTTPS-enabled servers using this CA bundle ($ETCDCTL_CA_FILE)"),
            Flag.value("timeout", "value", "connection timeout per request (default: 2s)"),
            Flag.value("total-timeout", "value", "timeout for the command execution (except watch) (default: 5s)"),
            Flag.bool("help", "show help", "h"),
            Flag.bool("version", "print the version", "v"));

    final boolean debug;
    final String output;
    final List<String> endpoints;
    final String certFile;
    final String keyFile;
    final String caFile;
    final Duration timeout;
    final Duration totalTimeout;

    GlobalOptions(ParsedArgs a, Map<String, String> env) throws UsageException {
        debug = a.isTrue("debug");
        output = a.value("output") == null ? "simple" : a.value("output");
        if (!List.of("simple", "extended", "json").contains(output)) {
            throw new UsageException("unknown output format \"" + output + "\" (simple, extended or json)");
        }
        String list = firstNonEmpty(
                String.join(",", a.values("endpoints")),
                env.get("ETCDCTL_ENDPOINTS"),
                env.get("ETCDCTL_ENDPOINT"),
                env.get("ETCDCTL_PEERS"),
                DEFAULT_ENDPOINT);
        endpoints = new ArrayList<>();
        for (String e : list.split(",")) {
            if (!e.isBlank()) {
                endpoints.add(normalize(e.trim()));
            }
        }
        if (endpoints.isEmpty()) {
            throw new UsageException("no endpoints given");
        }
        certFile = firstNonEmpty(a.value("cert-file"), env.get("ETCDCTL_CERT_FILE"), null);
        keyFile = firstNonEmpty(a.value("key-file"), env.get("ETCDCTL_KEY_FILE"), null);
        caFile = firstNonEmpty(a.value("ca-file"), env.get("ETCDCTL_CA_FILE"), null);
        timeout = GoDurations.parse(a.value("timeout"), Duration.ofSeconds(2), "timeout");
        totalTimeout = GoDurations.parse(a.value("total-timeout"), Duration.ofSeconds(5), "total-timeout");
    }

    /** 0.4.6 defaulted to bare "127.0.0.1:4001"; a bare host:port means plain HTTP. */
    static String normalize(String endpoint) {
        String e = endpoint.contains("://") ? endpoint : "http://" + endpoint;
        while (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        return e;
    }

    private static String firstNonEmpty(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isEmpty()) {
                return c;
            }
        }
        return null;
    }
}
