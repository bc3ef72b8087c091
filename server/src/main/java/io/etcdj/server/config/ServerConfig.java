package io.etcdj.server.config;

import java.nio.file.Path;

/**
 * A node's settings after flags, environment and defaults are merged and checked.
 *
 * @param clientAdvertiseUrl the URL clients are told (from -addr), e.g. http://127.0.0.1:4001
 * @param peerAdvertiseUrl   the URL peers are told (from -peer-addr), e.g. http://127.0.0.1:7001
 * @param clientTls          -cert-file/-key-file/-ca-file for the client port, or null for plain HTTP
 */
public record ServerConfig(String name, Path dataDir, String clientAdvertiseUrl, String clientBindHost,
                           int clientPort, String peerAdvertiseUrl, String peerBindHost, int peerPort,
                           boolean force, boolean snapshot, long snapshotCount, int maxRequestBytes,
                           int httpReadTimeoutSeconds, int httpWriteTimeoutSeconds, boolean verbose,
                           TlsFiles clientTls, boolean veryVerbose) {

    /** A plain-HTTP configuration (tests build these directly). */
    public ServerConfig(String name, Path dataDir, String clientAdvertiseUrl, String clientBindHost, int clientPort,
                        String peerAdvertiseUrl, String peerBindHost, int peerPort, boolean force, boolean snapshot,
                        long snapshotCount, int maxRequestBytes, int httpReadTimeoutSeconds,
                        int httpWriteTimeoutSeconds, boolean verbose) {
        this(name, dataDir, clientAdvertiseUrl, clientBindHost, clientPort, peerAdvertiseUrl, peerBindHost, peerPort,
                force, snapshot, snapshotCount, maxRequestBytes, httpReadTimeoutSeconds, httpWriteTimeoutSeconds,
                verbose, null, false);
    }

    /**
     * A certificate and key, and optionally a CA: with a CA every client must present a certificate it signed
     * (etcd 0.4's rule; there is no optional mode).
     */
    public record TlsFiles(Path certFile, Path keyFile, Path caFile) {
    }
}
