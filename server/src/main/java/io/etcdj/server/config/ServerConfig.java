package io.etcdj.server.config;

import java.nio.file.Path;

/**
 * A node's settings after flags, environment and defaults are merged and checked.
 *
 * @param clientAdvertiseUrl the URL clients are told (from -addr), e.g. http://127.0.0.1:4001
 * @param peerAdvertiseUrl   the URL peers are told (from -peer-addr), e.g. http://127.0.0.1:7001
 */
public record ServerConfig(String name, Path dataDir, String clientAdvertiseUrl, String clientBindHost,
                           int clientPort, String peerAdvertiseUrl, String peerBindHost, int peerPort,
                           boolean force, boolean snapshot, long snapshotCount, int maxRequestBytes,
                           int httpReadTimeoutSeconds, int httpWriteTimeoutSeconds, boolean verbose) {
}
