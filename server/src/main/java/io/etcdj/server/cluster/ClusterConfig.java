package io.etcdj.server.cluster;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.etcdj.server.config.ServerConfig.ActiveSet;
import io.etcdj.store.Event;
import io.etcdj.store.Store;
import io.etcdj.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * etcd 0.4.6's cluster config ({@code {"activeSize":9,"removeDelay":1800,"syncInterval":5}}) and its JSON: the form
 * {@code /v2/admin/config} prints and takes, and the value the cluster keeps at the hidden key {@value #KEY} (written
 * through the log, so every member agrees on it and snapshots and restarts keep it, as in 0.4.6). The values are an
 * {@link ActiveSet}, whose minimums (3 voters, 2 s, 1 s) raise anything lower, as 0.4.6 did.
 */
public final class ClusterConfig {
    /** Where the cluster keeps its config (0.4.6's key; readable through /v2/keys, not writable by clients). */
    public static final String KEY = "/_etcd/config";
    /** A PUT body larger than this is refused (the config is three numbers). */
    public static final int MAX_BODY_BYTES = 4096;
    /** Delays above this (about 31 years) are refused: nobody means them, and nanosecond arithmetic stays safe. */
    static final double MAX_SECONDS = 1e9;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        JSON.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(8)
                        .maxNumberLength(64)
                        .maxStringLength(MAX_BODY_BYTES)
                        .build());
    }

    private ClusterConfig() {}

    /** The JSON 0.4.6 printed: compact, whole numbers without a fraction (Go printed float64 1800 as 1800). */
    public static String toJson(ActiveSet config) {
        return "{\"activeSize\":" + config.activeSize() + ",\"removeDelay\":" + number(config.removeDelaySeconds())
                + ",\"syncInterval\":" + number(config.syncIntervalSeconds()) + "}";
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /**
     * A PUT body applied to {@code current}: fields present replace, absent ones keep their value, unknown fields are
     * ignored (0.4.6 read the three it knows); values under the minimums are raised.
     *
     * @throws IllegalArgumentException naming the problem, for a body that is not a JSON object, a field of the wrong
     *                                  type, a fractional or out-of-range active size, or a delay past {@value
     *                                  #MAX_SECONDS} s
     */
    public static ActiveSet patch(ActiveSet current, byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("the config is larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the config is not valid JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("the config must be a JSON object");
        }
        int activeSize = current.activeSize();
        double removeDelay = current.removeDelaySeconds();
        double syncInterval = current.syncIntervalSeconds();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            switch (field.getKey()) {
                case "activeSize" -> activeSize = activeSize(field.getValue());
                case "removeDelay" -> removeDelay = seconds("removeDelay", field.getValue());
                case "syncInterval" -> syncInterval = seconds("syncInterval", field.getValue());
                default -> {
                    // Not ours: ignored, as 0.4.6 ignored it.
                }
            }
        }
        return new ActiveSet(activeSize, removeDelay, syncInterval);
    }

    /** The stored form ({@link #toJson}) read back; {@code fallback} supplies what it lacks. */
    public static ActiveSet fromJson(String json, ActiveSet fallback) {
        return patch(fallback, json.getBytes(StandardCharsets.UTF_8));
    }

    private static int activeSize(JsonNode value) {
        if (!value.isNumber()) {
            throw new IllegalArgumentException("activeSize must be a number, not " + value.getNodeType());
        }
        double d = value.asDouble();
        if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("activeSize must be a whole number of members, not " + value);
        }
        return (int) d;
    }

    private static double seconds(String name, JsonNode value) {
        if (!value.isNumber()) {
            throw new IllegalArgumentException(name + " must be a number of seconds, not " + value.getNodeType());
        }
        double d = value.asDouble();
        if (!Double.isFinite(d) || d > MAX_SECONDS) {
            throw new IllegalArgumentException(name + " must be at most " + (long) MAX_SECONDS + " s, not " + value);
        }
        return d;
    }

    /**
     * The config the cluster keeps, or {@code fallback} (this member's flags) while none is stored: a cluster formed
     * before configs were kept, or a new one whose leader has not written it yet. A damaged value is no config.
     */
    public static ActiveSet read(Store store, ActiveSet fallback) {
        String stored = stored(store);
        if (stored == null) {
            return fallback;
        }
        try {
            return fromJson(stored, fallback);
        } catch (IllegalArgumentException damaged) {
            return fallback;
        }
    }

    /** The raw stored value, null when absent. */
    static String stored(Store store) {
        try {
            Event e = store.get(KEY, false, false);
            return e.node().value();
        } catch (StoreException absent) {
            return null;
        }
    }
}
