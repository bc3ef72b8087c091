package io.etcdj.server.config;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * etcd 0.4.6's TOML configuration file (-config, ETCD_CONFIG, /etc/etcd/etcd.conf): its keys are 0.4.6's (the toml
 * tags of config/config.go) plus this build's own flags spelled with underscores ({@code max_connections}). Each
 * value goes through the same checks as the flag it stands for; an unknown key, a wrong type or a bad value stops
 * start-up with the file, the line and the key.
 */
final class ConfigFile {
    /** Where etcd 0.4.6 looked for its system-wide file; read when it exists. */
    static final String DEFAULT_SYSTEM_PATH = "/etc/etcd/etcd.conf";

    /** Overrides {@link #DEFAULT_SYSTEM_PATH} (tests; a packaging that keeps its files elsewhere). */
    static final String SYSTEM_PATH_PROPERTY = "etcdj.systemConfigFile";

    /** Files larger than this are not configuration files (the example with every key is ~4 KiB). */
    static final long MAX_BYTES = 1 << 20;

    /** 0.4.6's keys and the flag each sets. */
    private static final Map<String, String> KEYS_OF_0_4_6 = Map.ofEntries(
            Map.entry("name", "name"),
            Map.entry("data_dir", "data-dir"),
            Map.entry("addr", "addr"),
            Map.entry("bind_addr", "bind-addr"),
            Map.entry("ca_file", "ca-file"),
            Map.entry("cert_file", "cert-file"),
            Map.entry("key_file", "key-file"),
            Map.entry("cors", "cors"),
            Map.entry("discovery", "discovery"),
            Map.entry("peers", "peers"),
            Map.entry("peers_file", "peers-file"),
            Map.entry("http_read_timeout", "http-read-timeout"),
            Map.entry("http_write_timeout", "http-write-timeout"),
            Map.entry("snapshot", "snapshot"),
            Map.entry("snapshot_count", "snapshot-count"),
            Map.entry("max_result_buffer", "max-result-buffer"),
            Map.entry("max_retry_attempts", "max-retry-attempts"),
            Map.entry("retry_interval", "retry-interval"),
            Map.entry("verbose", "v"),
            Map.entry("very_verbose", "vv"),
            Map.entry("very_very_verbose", "vvv"),
            Map.entry("trace", "trace"),
            Map.entry("graphite_host", "graphite-host"),
            Map.entry("peer.addr", "peer-addr"),
            Map.entry("peer.bind_addr", "peer-bind-addr"),
            Map.entry("peer.ca_file", "peer-ca-file"),
            Map.entry("peer.cert_file", "peer-cert-file"),
            Map.entry("peer.key_file", "peer-key-file"),
            Map.entry("peer.heartbeat_interval", "peer-heartbeat-interval"),
            Map.entry("peer.election_timeout", "peer-election-timeout"),
            Map.entry("cluster.active_size", "cluster-active-size"),
            Map.entry("cluster.remove_delay", "cluster-remove-delay"),
            Map.entry("cluster.sync_interval", "cluster-sync-interval"));

    /** Flags that are actions or say where the settings are, not settings: no key (as in 0.4.6). */
    private static final Set<String> NOT_KEYS = Set.of("h", "help", "version", "f", "force", "config", "cpuprofile");

    /** Flags given as a TOML array of strings (or one comma-separated string). */
    private static final Set<String> LISTS = Set.of("cors", "peers");

    /** Every key a file may hold, in the table's order, and its flag. */
    static final Map<String, String> KEYS = keys();

    private ConfigFile() {}

    private static Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        Set<String> covered = Set.copyOf(KEYS_OF_0_4_6.values());
        for (FlagSpec spec : FlagTable.ALL) {
            for (Map.Entry<String, String> e : KEYS_OF_0_4_6.entrySet()) {
                if (e.getValue().equals(spec.name())) {
                    keys.put(e.getKey(), spec.name());
                }
            }
            if (!covered.contains(spec.name()) && !NOT_KEYS.contains(spec.name())) {
                keys.put(spec.name().replace('-', '_'), spec.name());
            }
        }
        return Collections.unmodifiableMap(keys);
    }

    /** The path of the system-wide file: the {@value #SYSTEM_PATH_PROPERTY} property, else 0.4.6's. */
    static Path systemPath() {
        return Path.of(System.getProperty(SYSTEM_PATH_PROPERTY, DEFAULT_SYSTEM_PATH));
    }

    /**
     * Reads a file into {@code values} at {@code rank}. A missing file is an error when {@code required} (a file the
     * operator named) and nothing otherwise (the system-wide file is optional, as in 0.4.6).
     */
    static void load(Path file, boolean required, int rank, FlagValues values) throws ConfigException {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException("configuration file " + file + " is larger than " + MAX_BYTES
                        + " bytes: is it the right file?");
            }
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            if (!required) {
                return;
            }
            throw new ConfigException("configuration file " + file + " does not exist (check -config / ETCD_CONFIG)");
        } catch (CharacterCodingException e) {
            throw new ConfigException("configuration file " + file + " is not UTF-8 text");
        } catch (IOException | InvalidPathException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e);
        }
        for (TomlSubset.Entry entry : TomlSubset.parse(text, file.toString())) {
            String flag = KEYS.get(entry.key());
            if (flag == null) {
                throw new ConfigException(file + " line " + entry.line() + ": unknown key \"" + entry.key() + "\" ("
                        + hint(entry.key()) + ")");
            }
            FlagSpec spec = FlagTable.spec(flag);
            FlagValues.Origin origin = FlagValues.Origin.file(rank, file.toString(), entry.line(), entry.key());
            values.set(spec, asFlagValue(spec, entry, origin), origin);
        }
    }

    /** For an unknown key that names a flag (peer-addr, snapshot-count): the key that flag has; else the example. */
    private static String hint(String key) {
        String flag = key.replace('.', '-').replace('_', '-');
        for (Map.Entry<String, String> e : KEYS.entrySet()) {
            if (e.getValue().equals(flag)) {
                String k = e.getKey();
                int dot = k.indexOf('.');
                return dot < 0
                        ? "-" + flag + " is the key \"" + k + "\""
                        : "-" + flag + " is the key \"" + k.substring(dot + 1) + "\" under [" + k.substring(0, dot)
                                + "]";
            }
        }
        return "etc/etcd.conf.example lists every key";
    }

    /** The TOML value in the flag's own text form, so it goes through the flag's checks; a wrong type stops here. */
    private static String asFlagValue(FlagSpec spec, TomlSubset.Entry entry, FlagValues.Origin origin)
            throws ConfigException {
        Object v = entry.value();
        String wrong = origin.label() + " must be ";
        switch (spec.kind()) {
            case BOOL -> {
                if (v instanceof Boolean b) {
                    return b.toString();
                }
                throw new ConfigException(wrong + "true or false, not " + show(v));
            }
            case INT -> {
                if (v instanceof Long l) {
                    return l.toString();
                }
                if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
                    return Long.toString(d.longValue());
                }
                throw new ConfigException(wrong + "a whole number, not " + show(v));
            }
            case FLOAT -> {
                if (v instanceof Long l) {
                    return l.toString();
                }
                if (v instanceof Double d) {
                    return BigDecimal.valueOf(d).toPlainString();
                }
                throw new ConfigException(wrong + "a number, not " + show(v));
            }
            default -> {
                if (v instanceof String s) {
                    return s;
                }
                if (LISTS.contains(spec.name()) && v instanceof List<?> list) {
                    if (list.stream().allMatch(String.class::isInstance)) {
                        return list.stream().map(String.class::cast).collect(Collectors.joining(","));
                    }
                    throw new ConfigException(wrong + "an array of strings, not " + show(v));
                }
                throw new ConfigException(wrong + (LISTS.contains(spec.name()) ? "an array of strings" : "a string")
                        + ", not " + show(v));
            }
        }
    }

    private static String show(Object v) {
        if (v instanceof String s) {
            return "the string \"" + s + "\"";
        }
        if (v instanceof List<?>) {
            return "an array";
        }
        return v instanceof Boolean ? v.toString() : "the number " + v;
    }
}
