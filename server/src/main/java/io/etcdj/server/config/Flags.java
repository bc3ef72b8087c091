package io.etcdj.server.config;

import io.etcdj.server.config.FlagSpec.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * etcd 0.4.6's flags with Go's flag syntax ({@code -name value}, {@code -name=value}, {@code --name}, bare booleans),
 * their ETCD_* environment variables (flags win), and the checks that stop start-up with a message naming the flag.
 */
public final class Flags {
    /** -max-connections above this is surely a typo (each connection is a file descriptor). */
    private static final int MAX_CONNECTIONS_LIMIT = 1 << 20;

    private final Map<String, String> values = new HashMap<>();

    private Flags() {}

    /** What the command line asked for: run with a config, or print something and exit. */
    public sealed interface Outcome {
        record Run(ServerConfig config) implements Outcome {}

        record Print(String text) implements Outcome {}
    }

    public static Outcome parse(String[] args, Map<String, String> env) throws ConfigException {
        Flags flags = new Flags();
        Map<String, FlagSpec> byName = new LinkedHashMap<>();
        for (FlagSpec spec : FlagTable.ALL) {
            byName.put(spec.name(), spec);
            if (spec.env() != null && env.containsKey(spec.env())) {
                flags.set(spec, env.get(spec.env()), "environment variable " + spec.env());
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
                throw new ConfigException("unexpected argument \"" + arg + "\" (flags start with -; see -h)");
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            FlagSpec spec = byName.get(name);
            if (spec == null) {
                throw new ConfigException("flag provided but not defined: -" + name + " (see -h for every flag)");
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (spec.kind() == Kind.BOOL) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new ConfigException("flag needs an argument: -" + name);
            }
            flags.set(spec, value, "flag -" + name);
        }
        if (flags.bool("h") || flags.bool("help")) {
            return new Outcome.Print(FlagTable.usage());
        }
        if (flags.bool("version")) {
            return new Outcome.Print("etcd version 0.4.6 (etcdj)");
        }
        return new Outcome.Run(flags.toConfig());
    }

    private void set(FlagSpec spec, String value, String source) throws ConfigException {
        if (spec.unavailableBecause() != null) {
            throw new ConfigException(source + " cannot be used: " + spec.unavailableBecause());
        }
        switch (spec.kind()) {
            case INT -> {
                try {
                    if (Long.parseLong(value.trim()) < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new ConfigException("invalid value \"" + value + "\" for " + source
                            + ": a non-negative whole number is required");
                }
            }
            case BOOL -> {
                String v = value.trim().toLowerCase(Locale.ROOT);
                if (!List.of("1", "t", "true", "0", "f", "false", "").contains(v)) {
                    throw new ConfigException("invalid boolean value \"" + value + "\" for " + source);
                }
            }
            default -> {}
        }
        values.put(spec.name(), value.trim());
    }

    private String string(String name) {
        String v = values.get(name);
        if (v != null) {
            return v;
        }
        for (FlagSpec spec : FlagTable.ALL) {
            if (spec.name().equals(name)) {
                return spec.defaultValue();
            }
        }
        throw new IllegalArgumentException(name);
    }

    private boolean bool(String name) {
        String v = string(name);
        return v != null && List.of("1", "t", "true", "").contains(v.toLowerCase(Locale.ROOT));
    }

    private long number(String name) {
        return Long.parseLong(string(name));
    }

    private ServerConfig toConfig() throws ConfigException {
        String name = string("name");
        if (name == null || name.isEmpty()) {
            name = defaultName();
        }
        String badName = MemberName.problem(name);
        if (badName != null) {
            throw new ConfigException("-name '" + name + "': " + badName);
        }
        String dataDir = string("data-dir");
        if (dataDir == null || dataDir.isEmpty()) {
            dataDir = name + ".etcd";
        }
        HostPort addr = HostPort.parse(string("addr"), "-addr", 4001);
        HostPort bind = bindAddress(string("bind-addr"), addr, "-bind-addr");
        HostPort peerAddr = HostPort.parse(string("peer-addr"), "-peer-addr", 7001);
        HostPort peerBind = bindAddress(string("peer-bind-addr"), peerAddr, "-peer-bind-addr");
        if (bind.port() == peerBind.port() && bind.host().equals(peerBind.host())) {
            throw new ConfigException(
                    "-addr and -peer-addr use the same port " + bind.port() + ": clients and peers need a port each");
        }
        long snapshotCount = number("snapshot-count");
        if (snapshotCount < 1) {
            throw new ConfigException("invalid value for -snapshot-count: it must be at least 1");
        }
        long maxRequestBytes = number("max-request-bytes");
        if (maxRequestBytes < 1024 || maxRequestBytes > 64L << 20) {
            throw new ConfigException("invalid value for -max-request-bytes: choose between 1024 and 67108864");
        }
        long heartbeat = number("peer-heartbeat-interval");
        long election = number("peer-election-timeout");
        if (heartbeat < 1 || election < 2 * heartbeat) {
            throw new ConfigException("-peer-election-timeout (" + election + " ms) must be at least twice"
                    + " -peer-heartbeat-interval (" + heartbeat + " ms)");
        }
        long maxConnections = number("max-connections");
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT) {
            throw new ConfigException(
                    "invalid value for -max-connections: choose between 1 and " + MAX_CONNECTIONS_LIMIT);
        }
        long headerTimeout = number("http-header-timeout");
        if (headerTimeout < 1 || headerTimeout > 3600) {
            throw new ConfigException("invalid value for -http-header-timeout: choose between 1 and 3600 seconds");
        }
        ServerConfig.ClientLimits clientLimits =
                new ServerConfig.ClientLimits((int) maxConnections, (int) headerTimeout);
        ServerConfig.TlsFiles clientTls = tlsFiles();
        ServerConfig.TlsFiles peerTls = peerTlsFiles();
        ServerConfig.Cluster cluster =
                new ServerConfig.Cluster(peers(), heartbeat, election, peerTls, discoveryUrl(), activeSet());
        ServerConfig.Listener client = new ServerConfig.Listener(
                (clientTls == null ? "http://" : "https://") + addr, bind.host(), bind.port());
        ServerConfig.Listener peer = new ServerConfig.Listener(
                (peerTls == null ? "http://" : "https://") + peerAddr, peerBind.host(), peerBind.port());
        return ServerConfig.defaults(name, Path.of(dataDir))
                .withClient(new ServerConfig.ClientPort(
                        client,
                        clientTls,
                        (int) maxRequestBytes,
                        (int) number("http-read-timeout"),
                        clientLimits,
                        corsOrigins()))
                .withPeer(peer)
                .withStorage(new ServerConfig.Storage(bool("f") || bool("force"), bool("snapshot"), snapshotCount))
                .withCluster(cluster)
                .withLogging(
                        new ServerConfig.Logging(bool("v") || bool("vv") || bool("vvv"), bool("vv") || bool("vvv")));
    }

    /** -discovery: an http(s) URL, or null. */
    private String discoveryUrl() throws ConfigException {
        String url = string("discovery");
        if (url == null || url.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException("invalid -discovery URL \"" + url + "\": " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigException("invalid -discovery URL \"" + url
                    + "\": an http:// or https:// URL with a host is required, e.g. https://discovery.etcd.io/<token>");
        }
        return url.trim();
    }

    /** -cluster-*: below-minimum values are raised to the minimum, as etcd 0.4.6 did. */
    private ServerConfig.ActiveSet activeSet() {
        long activeSize = Math.min(Integer.MAX_VALUE, number("cluster-active-size"));
        return new ServerConfig.ActiveSet(
                (int) activeSize, number("cluster-remove-delay"), number("cluster-sync-interval"));
    }

    /** -cors: a comma-separated list of origins, or *. */
    private List<String> corsOrigins() throws ConfigException {
        String list = string("cors");
        List<String> origins = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return origins;
        }
        for (String o : list.split(",")) {
            String origin = o.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                throw new ConfigException("invalid -cors origin \"" + origin
                        + "\": give * or origins like http://example.com:8080, comma-separated");
            }
            origins.add(origin);
        }
        return origins;
    }

    /** Mutual TLS between members needs all three files: both sides present and verify certificates. */
    private ServerConfig.TlsFiles peerTlsFiles() throws ConfigException {
        String cert = string("peer-cert-file");
        String key = string("peer-key-file");
        String ca = string("peer-ca-file");
        List<String> given = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String[] f : new String[][] {{"-peer-cert-file", cert}, {"-peer-key-file", key}, {"-peer-ca-file", ca}}) {
            (f[1] != null && !f[1].isEmpty() ? given : missing).add(f[0]);
        }
        if (given.isEmpty()) {
            return null;
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(String.join(" and ", given) + " given without " + String.join(" and ", missing)
                    + ": peers use mutual TLS, which needs a certificate, its key and the CA that signs every"
                    + " member's certificate");
        }
        return new ServerConfig.TlsFiles(Path.of(cert), Path.of(key), Path.of(ca));
    }

    /** -peers, or the content of -peers-file: host:port entries (a scheme is allowed), comma-separated. */
    private List<String> peers() throws ConfigException {
        String list = string("peers");
        String file = string("peers-file");
        if (list != null && !list.isEmpty() && file != null && !file.isEmpty()) {
            throw new ConfigException("give -peers or -peers-file, not both");
        }
        if (file != null && !file.isEmpty()) {
            try {
                list = Files.readString(Path.of(file)).trim();
            } catch (IOException | InvalidPathException e) {
                throw new ConfigException("cannot read -peers-file " + file + ": " + e.getMessage());
            }
        }
        List<String> peers = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return peers;
        }
        for (String p : list.split(",")) {
            String peer = p.trim();
            if (peer.isEmpty()) {
                continue;
            }
            if (peer.startsWith("http://") && (string("peer-cert-file") != null)) {
                throw new ConfigException("-peers " + peer + " is http:// but this member's peer port uses TLS"
                        + " (-peer-cert-file): mixing TLS and plain peers is refused");
            }
            if (peer.startsWith("https://") && (string("peer-cert-file") == null)) {
                throw new ConfigException("-peers " + peer + " is https:// but this member has no peer TLS"
                        + " (-peer-cert-file, -peer-key-file, -peer-ca-file): mixing TLS and plain peers is refused");
            }
            String hostPort = peer.replaceFirst("^https?://", "");
            HostPort.parse(hostPort, "-peers", 7001);
            peers.add(peer);
        }
        return peers;
    }

    /** -cert-file and -key-file go together; -ca-file only means something with them. */
    private ServerConfig.TlsFiles tlsFiles() throws ConfigException {
        String cert = string("cert-file");
        String key = string("key-file");
        String ca = string("ca-file");
        boolean hasCert = cert != null && !cert.isEmpty();
        boolean hasKey = key != null && !key.isEmpty();
        boolean hasCa = ca != null && !ca.isEmpty();
        if (hasCert != hasKey) {
            throw new ConfigException(
                    hasCert
                            ? "-cert-file " + cert + " is given without -key-file"
                            : "-key-file " + key + " is given without -cert-file");
        }
        if (hasCa && !hasCert) {
            throw new ConfigException("-ca-file " + ca + " needs -cert-file and -key-file: client certificates"
                    + " are checked only over HTTPS");
        }
        return hasCert ? new ServerConfig.TlsFiles(Path.of(cert), Path.of(key), hasCa ? Path.of(ca) : null) : null;
    }

    /** etcd 0.4: a bind address without a port takes the advertised port. */
    private static HostPort bindAddress(String raw, HostPort advertised, String flag) throws ConfigException {
        if (raw == null || raw.isEmpty()) {
            return advertised;
        }
        if (raw.lastIndexOf(':') < 0 || raw.endsWith("]")) {
            return HostPort.parse(raw + ":" + advertised.port(), flag, advertised.port());
        }
        return HostPort.parse(raw, flag, advertised.port());
    }

    private static String defaultName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "default";
        }
    }
}
