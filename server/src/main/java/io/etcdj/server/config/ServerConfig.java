package io.etcdj.server.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A node's settings after flags, environment and defaults are merged and checked: who it is and where it keeps its
 * data, then one record per concern. Build with {@link #defaults} and the {@code withX} methods, as Flags does and
 * tests do.
 *
 * @param name    -name: the member's name (a key under /_etcd/machines, see {@link MemberName})
 * @param dataDir -data-dir
 * @param client  the client port (4001): where it listens, its TLS and its limits
 * @param peer    the peer port (7001): where it listens (its TLS is {@link Cluster#peerTls()})
 * @param storage -f, -snapshot, -snapshot-count
 * @param cluster how this member finds and talks to the others
 * @param logging -log-level, -log-format, -request-log, -v, -vv
 */
public record ServerConfig(
        String name,
        Path dataDir,
        ClientPort client,
        Listener peer,
        Storage storage,
        Cluster cluster,
        Logging logging) {

    /** etcd 0.4's defaults: plain HTTP on 127.0.0.1:4001 for clients and 127.0.0.1:7001 for peers, a cluster of one. */
    public static ServerConfig defaults(String name, Path dataDir) {
        return new ServerConfig(
                name,
                dataDir,
                ClientPort.DEFAULTS,
                Listener.local(7001),
                Storage.DEFAULTS,
                Cluster.ALONE,
                Logging.QUIET);
    }

    public ServerConfig withClient(ClientPort newClient) {
        return new ServerConfig(name, dataDir, newClient, peer, storage, cluster, logging);
    }

    public ServerConfig withPeer(Listener newPeer) {
        return new ServerConfig(name, dataDir, client, newPeer, storage, cluster, logging);
    }

    public ServerConfig withStorage(Storage newStorage) {
        return new ServerConfig(name, dataDir, client, peer, newStorage, cluster, logging);
    }

    public ServerConfig withCluster(Cluster newCluster) {
        return new ServerConfig(name, dataDir, client, peer, storage, newCluster, logging);
    }

    public ServerConfig withLogging(Logging newLogging) {
        return new ServerConfig(name, dataDir, client, peer, storage, cluster, newLogging);
    }

    /**
     * Where a port listens, and the URL others are told.
     *
     * @param advertiseUrl from -addr / -peer-addr, e.g. {@code http://127.0.0.1:4001}
     * @param bindHost     from -bind-addr / -peer-bind-addr (the advertised host when not given)
     * @param port         the port bound (0 picks a free one: tests)
     */
    public record Listener(String advertiseUrl, String bindHost, int port) {
        /** Plain HTTP on 127.0.0.1. */
        public static Listener local(int port) {
            return new Listener("http://127.0.0.1:" + port, "127.0.0.1", port);
        }
    }

    /**
     * The client port.
     *
     * @param listener           where it listens
     * @param tls                -cert-file/-key-file/-ca-file, or null for plain HTTP
     * @param maxRequestBytes    -max-request-bytes: the largest request body taken
     * @param readTimeoutSeconds -http-read-timeout: an idle connection is closed after this long
     * @param limits             -max-connections and -http-header-timeout
     * @param corsOrigins        -cors: origins allowed to read the API from a browser ({@code *} = any); empty = no
     *                           CORS headers (both ports honour it, as in 0.4.6)
     */
    public record ClientPort(
            Listener listener,
            TlsFiles tls,
            int maxRequestBytes,
            int readTimeoutSeconds,
            ClientLimits limits,
            List<String> corsOrigins) {
        public static final int DEFAULT_MAX_REQUEST_BYTES = 1_572_864; // etcd 3.4's
        public static final int DEFAULT_READ_TIMEOUT_SECONDS = 300;
        public static final ClientPort DEFAULTS = new ClientPort(
                Listener.local(4001),
                null,
                DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_READ_TIMEOUT_SECONDS,
                ClientLimits.DEFAULTS,
                List.of());

        public ClientPort {
            corsOrigins = List.copyOf(corsOrigins);
        }

        public ClientPort withListener(Listener newListener) {
            return new ClientPort(newListener, tls, maxRequestBytes, readTimeoutSeconds, limits, corsOrigins);
        }

        public ClientPort withTls(TlsFiles newTls) {
            return new ClientPort(listener, newTls, maxRequestBytes, readTimeoutSeconds, limits, corsOrigins);
        }

        public ClientPort withLimits(ClientLimits newLimits) {
            return new ClientPort(listener, tls, maxRequestBytes, readTimeoutSeconds, newLimits, corsOrigins);
        }

        public ClientPort withCorsOrigins(List<String> newCorsOrigins) {
            return new ClientPort(listener, tls, maxRequestBytes, readTimeoutSeconds, limits, newCorsOrigins);
        }
    }

    /**
     * Bounds on the client port's connections.
     *
     * @param maxConnections       -max-connections: open connections at most; past it the port stops accepting and
     *                             new connections wait in the kernel's accept queue until one closes
     * @param headerTimeoutSeconds -http-header-timeout: the time a client has to send a request's head (request line
     *                             and headers); a connection that takes longer is closed. Parked watches and request
     *                             bodies are not bounded by it
     */
    public record ClientLimits(int maxConnections, int headerTimeoutSeconds) {
        public static final int DEFAULT_MAX_CONNECTIONS = 16_384;
        public static final int DEFAULT_HEADER_TIMEOUT_SECONDS = 10;
        public static final ClientLimits DEFAULTS =
                new ClientLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_HEADER_TIMEOUT_SECONDS);

        public ClientLimits {
            if (maxConnections < 1 || headerTimeoutSeconds < 1) {
                throw new IllegalArgumentException(
                        "client limits must be positive: " + maxConnections + ", " + headerTimeoutSeconds);
            }
        }
    }

    /**
     * The data dir's log and snapshots.
     *
     * @param force         -f: discard the log and snapshots at start (data loss, as in etcd)
     * @param snapshot      -snapshot: take snapshots (and compact the log behind them)
     * @param snapshotCount -snapshot-count: applied entries between snapshots
     */
    public record Storage(boolean force, boolean snapshot, long snapshotCount) {
        public static final Storage DEFAULTS = new Storage(false, true, 10_000);

        /** Entries between snapshots, or never when snapshots are off. */
        public long snapshotEveryEntries() {
            return snapshot ? snapshotCount : Long.MAX_VALUE;
        }
    }

    /**
     * How the member logs (see {@code io.etcdj.server.Logging}, which applies it before the first log line).
     *
     * @param level        -log-level (raised to DEBUG by -v): etcdj's own loggers
     * @param libraryDebug -vv/-vvv: Jetty, gRPC and Netty at DEBUG too (they stay at WARN otherwise)
     * @param format       -log-format: text lines or one JSON object per line
     * @param requestLog   -request-log: one line per client HTTP request on the logger {@code etcdj.request}
     */
    public record Logging(Level level, boolean libraryDebug, Format format, boolean requestLog) {
        public static final Logging QUIET = new Logging(Level.INFO, false, Format.TEXT, false);

        /** -log-level's values, most severe first; the flag takes them in lower case. */
        public enum Level {
            ERROR,
            WARN,
            INFO,
            DEBUG,
            TRACE;

            /** The value named so (any case), or null. */
            public static Level named(String name) {
                for (Level l : values()) {
                    if (l.name().equalsIgnoreCase(name)) {
                        return l;
                    }
                }
                return null;
            }
        }

        /** -log-format's values. */
        public enum Format {
            TEXT,
            JSON
        }

        /** True when etcdj's debug lines are on (-v, or -log-level debug/trace). */
        public boolean verbose() {
            return level.compareTo(Level.DEBUG) >= 0;
        }
    }

    /**
     * A certificate and key, and optionally a CA: with a CA every client must present a certificate it signed
     * (etcd 0.4's rule; there is no optional mode).
     */
    public record TlsFiles(Path certFile, Path keyFile, Path caFile) {}

    /**
     * How this member finds and talks to the others.
     *
     * @param peers             -peers / -peers-file: peer host:port (or URL) list to join through; empty = a new
     *                          cluster (or a restart from the data dir)
     * @param heartbeatMs       -peer-heartbeat-interval
     * @param electionTimeoutMs -peer-election-timeout
     * @param peerTls           -peer-cert-file/-peer-key-file/-peer-ca-file, or null for plaintext peers
     * @param discoveryUrl      -discovery: the discovery token URL a new member registers at, or null
     * @param activeSet         -cluster-active-size, -cluster-remove-delay, -cluster-sync-interval
     */
    public record Cluster(
            List<String> peers,
            long heartbeatMs,
            long electionTimeoutMs,
            TlsFiles peerTls,
            String discoveryUrl,
            ActiveSet activeSet) {
        public static final Cluster ALONE = new Cluster(List.of(), 50, 200, null, null, ActiveSet.DEFAULTS);

        public Cluster {
            peers = List.copyOf(peers);
        }

        /** The same settings with -peers replaced (discovery's answer, a test's list). */
        public Cluster withPeers(List<String> newPeers) {
            return new Cluster(newPeers, heartbeatMs, electionTimeoutMs, peerTls, discoveryUrl, activeSet);
        }

        public Cluster withPeerTls(TlsFiles newPeerTls) {
            return new Cluster(peers, heartbeatMs, electionTimeoutMs, newPeerTls, discoveryUrl, activeSet);
        }

        public Cluster withDiscoveryUrl(String newDiscoveryUrl) {
            return new Cluster(peers, heartbeatMs, electionTimeoutMs, peerTls, newDiscoveryUrl, activeSet);
        }

        public Cluster withActiveSet(ActiveSet newActiveSet) {
            return new Cluster(peers, heartbeatMs, electionTimeoutMs, peerTls, discoveryUrl, newActiveSet);
        }
    }

    /**
     * etcd 0.4.6's cluster config ({@code /v2/admin/config}) as this member's flags give it: the values a cluster
     * formed by this member starts with. Values under the minimums are raised to them, as 0.4.6 did.
     *
     * @param activeSize          -cluster-active-size: voting members at most; members joining past it are standbys
     * @param removeDelaySeconds  -cluster-remove-delay: a voter unreachable this long is removed by the leader
     * @param syncIntervalSeconds -cluster-sync-interval: how often a standby asks the cluster for a free seat
     */
    public record ActiveSet(int activeSize, double removeDelaySeconds, double syncIntervalSeconds) {
        public static final int MIN_ACTIVE_SIZE = 3;
        public static final double MIN_REMOVE_DELAY_SECONDS = 2;
        public static final double MIN_SYNC_INTERVAL_SECONDS = 1;
        public static final ActiveSet DEFAULTS = new ActiveSet(9, 1800, 5);

        public ActiveSet {
            activeSize = Math.max(MIN_ACTIVE_SIZE, activeSize);
            removeDelaySeconds = Math.max(MIN_REMOVE_DELAY_SECONDS, removeDelaySeconds);
            syncIntervalSeconds = Math.max(MIN_SYNC_INTERVAL_SECONDS, syncIntervalSeconds);
        }
    }
}
