package io.etcdj.server.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings gathered so far from every source, each with where it came from: a later source replaces an earlier
 * one, and a check made after all are merged can still name the flag, variable or file line that gave the value.
 */
final class FlagValues {
    /**
     * Where a value came from, ranked by precedence: defaults &lt; /etc/etcd/etcd.conf &lt; -config file &lt; ETCD_*
     * &lt; flags, as in etcd 0.4.6's config.Load.
     *
     * @param rank  higher wins
     * @param label how messages name it: {@code -addr}, {@code ETCD_ADDR}, {@code /x.conf line 3 key "addr"}
     */
    record Origin(int rank, String label) {
        static final int SYSTEM_FILE = 1;
        static final int CONFIG_FILE = 2;
        static final int ENVIRONMENT = 3;
        static final int COMMAND_LINE = 4;

        static Origin file(int rank, String file, int line, String key) {
            return new Origin(rank, file + " line " + line + " key \"" + key + "\"");
        }

        static Origin environment(String variable) {
            return new Origin(ENVIRONMENT, variable);
        }

        static Origin flag(String typed) {
            return new Origin(COMMAND_LINE, "-" + typed);
        }
    }

    /** Pairs where giving one at a higher precedence drops the other given at a lower one (they cannot mix). */
    private static final Map<String, String> ALTERNATIVES = Map.of("peers", "peers-file", "peers-file", "peers");

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, Origin> origins = new HashMap<>();

    /** Checks the value's type for its flag and records it, replacing a value from the same or a lower rank. */
    void set(FlagSpec spec, String value, Origin origin) throws ConfigException {
        if (spec.unavailableBecause() != null) {
            throw new ConfigException(origin.label() + " cannot be used: " + spec.unavailableBecause());
        }
        String v = value.trim();
        switch (spec.kind()) {
            case INT -> {
                try {
                    if (Long.parseLong(v) < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new ConfigException("invalid value \"" + value + "\" for " + origin.label()
                            + ": a non-negative whole number is required");
                }
            }
            case FLOAT -> {
                double d;
                try {
                    d = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    d = -1;
                }
                if (!(d >= 0) || Double.isInfinite(d) || !v.matches("[0-9.eE+-]+")) {
                    throw new ConfigException("invalid value \"" + value + "\" for " + origin.label()
                            + ": a non-negative number is required");
                }
            }
            case BOOL -> {
                if (!List.of("1", "t", "true", "0", "f", "false", "").contains(v.toLowerCase(Locale.ROOT))) {
                    throw new ConfigException("invalid boolean value \"" + value + "\" for " + origin.label());
                }
            }
            default -> {}
        }
        String partner = ALTERNATIVES.get(spec.name());
        if (partner != null
                && origins.containsKey(partner)
                && origins.get(partner).rank() < origin.rank()) {
            values.remove(partner);
            origins.remove(partner);
        }
        values.put(spec.name(), v);
        origins.put(spec.name(), origin);
    }

    /** The value, or the flag's default (null when it has none). */
    String string(String name) {
        String v = values.get(name);
        return v != null ? v : FlagTable.spec(name).defaultValue();
    }

    boolean bool(String name) {
        String v = string(name);
        return v != null && List.of("1", "t", "true", "").contains(v.toLowerCase(Locale.ROOT));
    }

    long number(String name) {
        return Long.parseLong(string(name));
    }

    double decimal(String name) {
        return Double.parseDouble(string(name));
    }

    /** Whether any source gave it (a default does not count). */
    boolean given(String name) {
        return values.containsKey(name);
    }

    /** How a message names the setting: where its value came from, or the flag when it is the default. */
    String label(String name) {
        Origin origin = origins.get(name);
        return origin != null ? origin.label() : "-" + name;
    }
}
