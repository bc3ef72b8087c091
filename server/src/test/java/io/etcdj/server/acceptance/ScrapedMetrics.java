package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One scrape of /metrics as Python's prometheus_client parser reads it (Debian's python3-prometheus-client, run as
 * {@code /usr/bin/python3} on src/test/resources/metrics/parse_metrics.py): the judge of the format is a real
 * Prometheus parser, not ours. Family names are the parser's (a counter's without {@code _total}).
 */
final class ScrapedMetrics {
    static final String PYTHON = "/usr/bin/python3";

    private final JsonNode families;
    private final String text;

    private ScrapedMetrics(JsonNode families, String text) {
        this.families = families;
        this.text = text;
    }

    /** Fails with what to install when the parser is missing. */
    static void requireParser() throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " is missing: install python3 and python3-prometheus-client (apt-get, see .ci/run)");
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import prometheus_client.parser")
                .redirectErrorStream(true)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(PYTHON + " -c 'import prometheus_client.parser' did not finish within 30 s");
        }
        if (p.exitValue() != 0) {
            fail("Python's prometheus_client is missing: apt-get install python3-prometheus-client (see .ci/run): "
                    + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static ScrapedMetrics parse(String text, Path tmp) throws Exception {
        Path script = tmp.resolve("parse_metrics.py");
        if (!Files.exists(script)) {
            try (var in = ScrapedMetrics.class.getResourceAsStream("/metrics/parse_metrics.py")) {
                Files.write(script, in.readAllBytes());
            }
        }
        Path input = Files.createTempFile(tmp, "scrape-", ".txt");
        Files.writeString(input, text);
        Path output = Files.createTempFile(tmp, "parsed-", ".json");
        Path errors = Files.createTempFile(tmp, "parse-", ".err");
        Process p = new ProcessBuilder(PYTHON, script.toString())
                .redirectInput(input.toFile())
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the Prometheus parser did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            fail("Python's prometheus_client refused the scrape (exit " + p.exitValue() + "): "
                    + Files.readString(errors) + "\n--- scrape ---\n" + text);
        }
        return new ScrapedMetrics(EtcdCluster.JSON.readTree(output.toFile()), text);
    }

    String text() {
        return text;
    }

    /** The family's type as the parser saw it ("counter", "gauge", "histogram", ...), or null if absent. */
    String type(String family) {
        JsonNode f = families.get(family);
        return f == null ? null : f.path("type").asText();
    }

    /** The value of the sample {@code name} whose labels include {@code labels} (pairs); fails if there is none. */
    double value(String family, String name, String... labels) {
        for (JsonNode s : samples(family)) {
            if (s.path("name").asText().equals(name) && hasLabels(s.path("labels"), labels)) {
                return s.path("value").asDouble();
            }
        }
        fail("no sample " + name + " " + List.of(labels) + " in family " + family + "\n" + text);
        return Double.NaN;
    }

    /** The values of label {@code label} over the samples {@code name} of a family. */
    List<String> labelValues(String family, String name, String label) {
        List<String> values = new ArrayList<>();
        for (JsonNode s : samples(family)) {
            if (s.path("name").asText().equals(name) && s.path("labels").has(label)) {
                values.add(s.path("labels").path(label).asText());
            }
        }
        return values;
    }

    /** Sum of the samples {@code name} of a family over all label values (0 if none). */
    double sum(String family, String name) {
        double total = 0;
        for (JsonNode s : samples(family)) {
            if (s.path("name").asText().equals(name)) {
                total += s.path("value").asDouble();
            }
        }
        return total;
    }

    private List<JsonNode> samples(String family) {
        JsonNode f = families.get(family);
        if (f == null) {
            fail("no family " + family + " in the scrape\n" + text);
        }
        List<JsonNode> out = new ArrayList<>();
        f.path("samples").forEach(out::add);
        return out;
    }

    private static boolean hasLabels(JsonNode actual, String... pairs) {
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (!actual.path(pairs[i]).asText("\u0000").equals(pairs[i + 1])) {
                return false;
            }
        }
        return true;
    }

    /** Families every member serves, by the parser's name, with the type Prometheus must see. */
    static final Map<String, String> MEMBER_FAMILIES = Map.ofEntries(
            Map.entry("etcd_server_has_leader", "gauge"),
            Map.entry("etcd_server_is_leader", "gauge"),
            Map.entry("etcd_server_leader_changes_seen", "counter"),
            Map.entry("etcd_server_proposals_committed", "counter"),
            Map.entry("etcd_server_proposals_applied", "counter"),
            Map.entry("etcd_server_proposals_pending", "gauge"),
            Map.entry("etcd_server_proposals_failed", "counter"),
            Map.entry("etcd_disk_wal_fsync_duration_seconds", "histogram"),
            Map.entry("etcd_debugging_snap_save_total_duration_seconds", "histogram"),
            Map.entry("etcd_network_peer_sent_bytes", "counter"),
            Map.entry("etcd_network_peer_received_bytes", "counter"),
            Map.entry("etcd_debugging_store_reads", "counter"),
            Map.entry("etcd_debugging_store_writes", "counter"),
            Map.entry("etcd_debugging_store_watchers", "gauge"),
            Map.entry("etcd_debugging_store_expires", "counter"),
            Map.entry("jvm_memory_used_bytes", "gauge"),
            Map.entry("jvm_gc_collection_seconds", "summary"),
            Map.entry("jvm_threads_current", "gauge"),
            Map.entry("process_resident_memory_bytes", "gauge"),
            Map.entry("process_open_fds", "gauge"),
            Map.entry("process_cpu_seconds", "counter"));
}
