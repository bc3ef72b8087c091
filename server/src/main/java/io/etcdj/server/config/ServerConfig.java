package io.etcdj.server.config;

import java.util.List;

import java.nio.file.Path;

/**
 * A node's settings after flags, environment and defaults are merged and checked.
 *
 * @param clientAdvertiseUrl the URL clients are told (from -addr), e.g. http://127.0.0.1:4001
 * @param peerAdvertiseUrl   the URL peers are told (from -peer-addr), e.g. http://127.0.0.1:7001
 * @param clientTls          -cert-file/-key-file/-ca-file for the client port, or null for plain HTTP
 * @param clientLimits       -max-connections and -http-header-timeout for the client port
 */
public record ServerConfig(String name, Path dataDir, String clientAdvertiseUrl, String clientBindHost,
                           int clientPort, String peerAdvertiseUrl, String peerBindHost, int peerPort,
                           boolean force, boolean snapshot, long snapshotCount, int maxRequestBytes,
                           int httpReadTimeoutSeconds, int httpWriteTimeoutSeconds, boolean verbose,
                           TlsFiles clientTls, boolean veryVerbose, Cluster cluster, ClientLimits clientLimits) {

    /** As the canonical constructor, with the default client connection limits. */
    public ServerConfig(String name, Path dataDir, String clientAdvertiseUrl, String clientBindHost,
                        int clientPort, String peerAdvertiseUrl, String peerBindHost, int peerPort,
                        boolean force, boolean snapshot, long snapshotCount, int maxRequestBytes,
                        int httpReadTimeoutSeconds, int httpWriteTimeoutSeconds, boolean verbose,
                        TlsFiles clientTls, boolean veryVerbose, Cluster cluster) {
        this(name, dataDir, clientAdvertiseUrl, clientBindHost, clientPort, peerAdvertiseUrl, peerBindHost, peerPort,
                force, snapshot, snapshotCount, maxRequestBytes, httpReadTimeoutSeconds, httpWriteTimeoutSeconds,
                verbose, clientTls, veryVerbose, cluster, ClientLimits.DEFAULTS);
    }

    /** As the canonical constructor, as a one-member cluster with etcd 0.4's timing (tests). */
    public ServerConfig(String name, Path dataDir, String clientAdvertiseUrl, String clientBindHost, int clientPort,
                        String peerAdvertiseUrl, String peerBindHost, int peerPort, boolean force, boolean snapshot,
                        long snapshotCount, int maxRequestBytes, int httpReadTimeoutSeconds,
                        int httpWriteTimeoutSeconds, boolean verbose, TlsFiles clientTls, boolean veryVerbose) {
        this(name, dataDir, clientAdvertiseUrl, clientBindHost, clientPort, peerAdvertiseUrl, peerBindHost, peerPort,
                force, snapshot, snapshotCount, maxRequestBytes, httpReadTimeoutSeconds, httpWriteTimeoutSeconds,
                verbose, clientTls, veryVerbose, Cluster.ALONE);
    }

    /** A plain-HTTP configuration (tests build these directly). */
    public ServerConfig(String name, Path dataDir, String clientAdvertiseUrl, String clientBindHost, int clientPort,
                        String peerAdvertiseUrl, String peerBindHost, int peerPort, boolean force, boolean snapshot,
                        long snapshotCount, int maxRequestBytes, int httpReadTimeoutSeconds,
                        int httpWriteTimeoutSeconds, boolean verbose) {
        this(name, dataDir, clientAdvertiseUrl, clientBindHost, clientPort, peerAdvertiseUrl, peerBindHost, peerPort,
                force, snapshot, snapshotCount, maxRequestBytes, httpReadTimeoutSeconds, httpWriteTimeoutSeconds,
                verbose, null, false);
    }

    /** This configuration with other client connection limits (tests set them low). */
    public ServerConfig withClientLimits(ClientLimits limits) {
        return new ServerConfig(name, dataDir, clientAdvertiseUrl, clientBindHost, clientPort, peerAdvertiseUrl,
                peerBindHost, peerPort, force, snapshot, snapshotCount, maxRequestBytes, httpReadTimeoutSeconds,
                httpWriteTimeoutSeconds, verbose, clientTls, veryVerbose, cluster, limits);
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
        public static final int DEFAULT_MAX_CONNECTIONS = 4096;
        public static final int DEFAULT_HEADER_TIMEOUT_SECONDS = 10;
        public static final ClientLimits DEFAULTS =
                new ClientLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_HEADER_TIMEOUT_SECONDS);

        public ClientLimits {
            if (maxConnections < 1 || headerTimeoutSeconds < 1) {
                throw new IllegalArgumentException("client limits must be positive: " + maxConnections + ", "
                        + headerTimeoutSeconds);
            }
        }
    }

    /**
     * A certificate and key, and optionally a CA: with a CA every client must present a certificate it signed
     * (etcd 0.4's rule; there is no optional mode).
     */
    public record TlsFiles(Path certFile, Path keyFile, Path caFile) {
    }

    /**
     * How this member finds and talks to the others.
     *
     * @param peers             -peers / -peers-file: peer host:port (or URL) list to join through; empty = a new
     *                          cluster (or a restart from the data dir)
     * @param heartbeatMs       -peer-heartbeat-interval
     * @param electionTimeoutMs -peer-election-timeout
     * @param peerTls           -peer-cert-file/-peer-key-file/-peer-ca-file, or null for plaintext peers
     */
    public record Cluster(List<String> peers, long heartbeatMs, long electionTimeoutMs, TlsFiles peerTls) {
        public static final Cluster ALONE = new Cluster(List.of(), 50, 200, null);

        public Cluster {
            peers = List.copyOf(peers);
        }
    }
}
