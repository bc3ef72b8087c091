package io.etcdj.server.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks that turn merged settings into a {@link ServerConfig}: each refusal names the setting by where its value
 * came from ({@code -addr}, {@code ETCD_ADDR} or {@code /etc/etcd/etcd.conf line 3 key "addr"}).
 */
final class CheckedConfig {
    /** -max-connections above this is surely a typo (each connection is a file descriptor). */
    private static final int MAX_CONNECTIONS_LIMIT = 1 << 20;

    /** A day: longer is surely a typo, and larger values would overflow the int the port takes. */
    private static final long MAX_READ_TIMEOUT_SECONDS = 86_400;

    private final FlagValues values;

    private CheckedConfig(FlagValues values) {
        this.values = values;
    }

    private String string(String name) {
        return values.string(name);
    }

    private boolean bool(String name) {
        return values.bool(name);
    }

    private long number(String name) {
        return values.number(name);
    }

    /** How messages name a setting: its source, or the flag. */
    private String l(String name) {
        return values.label(name);
    }

    static ServerConfig from(FlagValues values) throws ConfigException {
        return new CheckedConfig(values).toConfig();
    }

    private ServerConfig toConfig() throws ConfigException {
        String name = string("name");
        if (name == null || name.isEmpty()) {
            name = defaultName();
        }
        String badName = MemberName.problem(name);
        if (badName != null) {
            throw new ConfigException(l("name") + " '" + name + "': " + badName);
        }
        String dataDir = string("data-dir");
        if (dataDir == null || dataDir.isEmpty()) {
            dataDir = name + ".etcd";
        }
        HostPort addr = HostPort.parse(string("addr"), l("addr"), 4001);
        HostPort bind = bindAddress(string("bind-addr"), addr, l("bind-addr"));
        HostPort peerAddr = HostPort.parse(string("peer-addr"), l("peer-addr"), 7001);
        HostPort peerBind = bindAddress(string("peer-bind-addr"), peerAddr, l("peer-bind-addr"));
        StartupChecks.listenable(bind, values.given("bind-addr") ? l("bind-addr") : l("addr"), "127.0.0.1:4001");
        StartupChecks.listenable(
                peerBind, values.given("peer-bind-addr") ? l("peer-bind-addr") : l("peer-addr"), "127.0.0.1:7001");
        StartupChecks.creatableDirectory(dataDir, l("data-dir"));
        if (bind.port() == peerBind.port() && bind.host().equals(peerBind.host())) {
            throw new ConfigException(l("addr") + " and " + l("peer-addr") + " use the same port " + bind.port()
                    + ": clients and peers need a port each");
        }
        long snapshotCount = number("snapshot-count");
        if (snapshotCount < 1) {
            throw new ConfigException("invalid value for " + l("snapshot-count") + ": it must be at least 1");
        }
        long maxRequestBytes = number("max-request-bytes");
        if (maxRequestBytes < 1024 || maxRequestBytes > 64L << 20) {
            throw new ConfigException(
                    "invalid value for " + l("max-request-bytes") + ": choose between 1024 and 67108864");
        }
        long heartbeat = number("peer-heartbeat-interval");
        long election = number("peer-election-timeout");
        if (heartbeat < 1 || election < 2 * heartbeat) {
            throw new ConfigException(l("peer-election-timeout") + " (" + election + " ms) must be at least twice "
                    + l("peer-heartbeat-interval") + " (" + heartbeat + " ms)");
        }
        long maxConnections = number("max-connections");
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT) {
            throw new ConfigException(
                    "invalid value for " + l("max-connections") + ": choose between 1 and " + MAX_CONNECTIONS_LIMIT);
        }
        long headerTimeout = number("http-header-timeout");
        if (headerTimeout < 1 || headerTimeout > 3600) {
            throw new ConfigException(
                    "invalid value for " + l("http-header-timeout") + ": choose between 1 and 3600 seconds");
        }
        long readTimeout = number("http-read-timeout");
        if (readTimeout > MAX_READ_TIMEOUT_SECONDS) {
            throw new ConfigException("invalid value for " + l("http-read-timeout") + ": choose between 0 (never) and "
                    + MAX_READ_TIMEOUT_SECONDS + " seconds");
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
                        client, clientTls, (int) maxRequestBytes, (int) readTimeout, clientLimits, corsOrigins()))
                .withPeer(peer)
                .withStorage(new ServerConfig.Storage(bool("f") || bool("force"), bool("snapshot"), snapshotCount))
                .withCluster(cluster)
                .withLogging(logging());
    }

    /** -log-level (-v and -vv raise it to debug), -log-format, -request-log. */
    private ServerConfig.Logging logging() throws ConfigException {
        String levelName = string("log-level");
        ServerConfig.Logging.Level level = ServerConfig.Logging.Level.named(levelName);
        if (level == null) {
            throw new ConfigException("invalid value \"" + levelName + "\" for " + l("log-level")
                    + ": choose one of error, warn, info, debug, trace");
        }
        String formatName = string("log-format");
        ServerConfig.Logging.Format format;
        if ("text".equalsIgnoreCase(formatName)) {
            format = ServerConfig.Logging.Format.TEXT;
        } else if ("json".equalsIgnoreCase(formatName)) {
            format = ServerConfig.Logging.Format.JSON;
        } else {
            throw new ConfigException(
                    "invalid value \"" + formatName + "\" for " + l("log-format") + ": choose text or json");
        }
        boolean libraryDebug = bool("vv") || bool("vvv");
        if ((bool("v") || libraryDebug) && level.compareTo(ServerConfig.Logging.Level.DEBUG) < 0) {
            level = ServerConfig.Logging.Level.DEBUG;
        }
        return new ServerConfig.Logging(level, libraryDebug, format, bool("request-log"));
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
            throw new ConfigException("invalid URL \"" + url + "\" for " + l("discovery") + ": " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigException("invalid URL \"" + url + "\" for " + l("discovery")
                    + ": an http:// or https:// URL with a host is required, e.g. https://discovery.etcd.io/<token>");
        }
        return url.trim();
    }

    /** -cluster-*: below-minimum values are raised to the minimum, as etcd 0.4.6 did. */
    private ServerConfig.ActiveSet activeSet() {
        long activeSize = Math.min(Integer.MAX_VALUE, number("cluster-active-size"));
        return new ServerConfig.ActiveSet(
                (int) activeSize, values.decimal("cluster-remove-delay"), values.decimal("cluster-sync-interval"));
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
                throw new ConfigException("invalid origin \"" + origin + "\" in " + l("cors")
                        + ": give * or origins like http://example.com:8080, comma-separated");
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
        for (String[] f :
                new String[][] {{l("peer-cert-file"), cert}, {l("peer-key-file"), key}, {l("peer-ca-file"), ca}}) {
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
            throw new ConfigException(
                    "give -peers or -peers-file, not both (" + l("peers") + " and " + l("peers-file") + ")");
        }
        if (file != null && !file.isEmpty()) {
            try {
                list = Files.readString(Path.of(file)).trim();
            } catch (IOException | InvalidPathException e) {
                throw new ConfigException("cannot read " + l("peers-file") + " " + file + ": " + e.getMessage());
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
                throw new ConfigException(l("peers") + " " + peer + " is http:// but this member's peer port uses TLS"
                        + " (-peer-cert-file): mixing TLS and plain peers is refused");
            }
            if (peer.startsWith("https://") && (string("peer-cert-file") == null)) {
                throw new ConfigException(l("peers") + " " + peer + " is https:// but this member has no peer TLS"
                        + " (-peer-cert-file, -peer-key-file, -peer-ca-file): mixing TLS and plain peers is refused");
            }
            String hostPort = peer.replaceFirst("^https?://", "");
            HostPort.parse(hostPort, l("peers"), 7001);
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
                            ? l("cert-file") + " " + cert + " is given without -key-file"
                            : l("key-file") + " " + key + " is given without -cert-file");
        }
        if (hasCa && !hasCert) {
            throw new ConfigException(l("ca-file") + " " + ca + " needs -cert-file and -key-file: client certificates"
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
