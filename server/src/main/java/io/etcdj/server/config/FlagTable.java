package io.etcdj.server.config;

import io.etcdj.server.config.FlagSpec.Kind;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which flags exist: etcd 0.4.6's (config/config.go) with their environment variables, defaults and help, the ones
 * this build adds, and the ones it recognises but cannot honour yet (giving one stops start-up with the reason).
 * {@link Flags} parses against this table; {@link #usage()} prints it for -h.
 */
final class FlagTable {
    static final List<FlagSpec> ALL = List.of(
            FlagSpec.of("name", Kind.STRING, "ETCD_NAME", null, "the node name (default: the host name)"),
            FlagSpec.of(
                    "data-dir",
                    Kind.STRING,
                    "ETCD_DATA_DIR",
                    null,
                    "the directory for the log and snapshots (default: <name>.etcd)"),
            FlagSpec.of(
                    "addr",
                    Kind.STRING,
                    "ETCD_ADDR",
                    "127.0.0.1:4001",
                    "the public host:port for client communication"),
            FlagSpec.of(
                    "bind-addr",
                    Kind.STRING,
                    "ETCD_BIND_ADDR",
                    null,
                    "the listening host[:port] for client communication (default: the host of -addr)"),
            FlagSpec.of(
                    "peer-addr",
                    Kind.STRING,
                    "ETCD_PEER_ADDR",
                    "127.0.0.1:7001",
                    "the public host:port for server communication"),
            FlagSpec.of(
                    "peer-bind-addr",
                    Kind.STRING,
                    "ETCD_PEER_BIND_ADDR",
                    null,
                    "the listening host[:port] for server communication (default: the host of -peer-addr)"),
            FlagSpec.of("snapshot", Kind.BOOL, "ETCD_SNAPSHOT", "true", "take snapshots and truncate the log"),
            FlagSpec.of(
                    "snapshot-count",
                    Kind.INT,
                    "ETCD_SNAPSHOTCOUNT",
                    "10000",
                    "the number of log entries between snapshots"),
            FlagSpec.of(
                    "max-request-bytes",
                    Kind.INT,
                    "ETCD_MAX_REQUEST_BYTES",
                    "1572864",
                    "the largest request body accepted, in bytes (as etcd 3)"),
            FlagSpec.of(
                    "http-read-timeout",
                    Kind.INT,
                    "ETCD_HTTP_READ_TIMEOUT",
                    "300",
                    "seconds an idle client connection is kept (watches are exempt)"),
            FlagSpec.of(
                    "http-write-timeout",
                    Kind.INT,
                    "ETCD_HTTP_WRITE_TIMEOUT",
                    "300",
                    "accepted for compatibility: a stalled write is ended by the idle timeout (-http-read-timeout)"),
            FlagSpec.of(
                    "http-header-timeout",
                    Kind.INT,
                    "ETCD_HTTP_HEADER_TIMEOUT",
                    String.valueOf(ServerConfig.ClientLimits.DEFAULT_HEADER_TIMEOUT_SECONDS),
                    "seconds a client has to send a request's line and headers, else the connection is closed"
                            + " (parked watches and request bodies are not bounded by it)"),
            FlagSpec.of(
                    "max-connections",
                    Kind.INT,
                    "ETCD_MAX_CONNECTIONS",
                    String.valueOf(ServerConfig.ClientLimits.DEFAULT_MAX_CONNECTIONS),
                    "the most client connections open at once; past it new ones wait in the accept queue"
                            + " until one closes"),
            FlagSpec.of(
                    "f",
                    Kind.BOOL,
                    null,
                    "false",
                    "force a new machine configuration: wipe the log and snapshots (WARNING: data loss!)"),
            FlagSpec.of("force", Kind.BOOL, "ETCD_FORCE", "false", "same as -f"),
            FlagSpec.of(
                    "v",
                    Kind.BOOL,
                    "ETCD_VERBOSE",
                    "false",
                    "verbose logging (etcdj at debug level; same as -log-level debug)"),
            FlagSpec.of(
                    "vv",
                    Kind.BOOL,
                    "ETCD_VERY_VERBOSE",
                    "false",
                    "very verbose logging (debug level, Jetty, gRPC and Netty included)"),
            FlagSpec.of("vvv", Kind.BOOL, "ETCD_VERY_VERY_VERBOSE", "false", "same as -vv"),
            // Logging (issue 13): level, format and the request log.
            FlagSpec.of(
                    "log-level",
                    Kind.STRING,
                    "ETCD_LOG_LEVEL",
                    "info",
                    "etcdj's log level: error, warn, info, debug or trace (Jetty, gRPC and Netty log at warn"
                            + " unless -vv)"),
            FlagSpec.of(
                    "log-format",
                    Kind.STRING,
                    "ETCD_LOG_FORMAT",
                    "text",
                    "text (one line per event) or json (one object per line: ts, level, logger, thread, msg,"
                            + " error)"),
            FlagSpec.of(
                    "request-log",
                    Kind.BOOL,
                    "ETCD_REQUEST_LOG",
                    "false",
                    "log one line per client HTTP request (method, path, status, bytes, ms, remote address;"
                            + " never bodies or query values) on the logger etcdj.request"),
            FlagSpec.of("version", Kind.BOOL, null, "false", "print the version and exit"),
            FlagSpec.of("h", Kind.BOOL, null, "false", "show this help"),
            FlagSpec.of("help", Kind.BOOL, null, "false", "show this help"),
            FlagSpec.of(
                    "peer-heartbeat-interval",
                    Kind.INT,
                    "ETCD_PEER_HEARTBEAT_INTERVAL",
                    "50",
                    "ms between heartbeats to peers"),
            FlagSpec.of(
                    "peer-election-timeout",
                    Kind.INT,
                    "ETCD_PEER_ELECTION_TIMEOUT",
                    "200",
                    "ms without a heartbeat before an election"),
            FlagSpec.of(
                    "peers",
                    Kind.STRING,
                    "ETCD_PEERS",
                    null,
                    "comma-separated peer host:port list to join a cluster through (ignored on restart)"),
            FlagSpec.of(
                    "peers-file",
                    Kind.STRING,
                    "ETCD_PEERS_FILE",
                    null,
                    "a file holding the comma-separated peer list (instead of -peers)"),
            FlagSpec.of(
                    "discovery",
                    Kind.STRING,
                    "ETCD_DISCOVERY",
                    null,
                    "the discovery URL a new member registers at to find its cluster (ignored on restart)"),
            FlagSpec.of(
                    "cluster-active-size",
                    Kind.INT,
                    "ETCD_CLUSTER_ACTIVE_SIZE",
                    "9",
                    "the number of voting members; members joining past it are standbys (a new cluster's value;"
                            + " minimum 3)"),
            FlagSpec.of(
                    "cluster-remove-delay",
                    Kind.FLOAT,
                    "ETCD_CLUSTER_REMOVE_DELAY",
                    "1800",
                    "seconds before an unreachable member is removed (a new cluster's value; minimum 2)"),
            FlagSpec.of(
                    "cluster-sync-interval",
                    Kind.FLOAT,
                    "ETCD_CLUSTER_SYNC_INTERVAL",
                    "5",
                    "seconds between a standby's checks for a free seat (a new cluster's value; minimum 1)"),
            FlagSpec.of(
                    "ca-file",
                    Kind.STRING,
                    "ETCD_CA_FILE",
                    null,
                    "the CA that must have signed every client's certificate (with -cert-file and -key-file)"),
            FlagSpec.of(
                    "cert-file",
                    Kind.STRING,
                    "ETCD_CERT_FILE",
                    null,
                    "the certificate of the client port: it then speaks HTTPS only (PEM, with -key-file)"),
            FlagSpec.of("key-file", Kind.STRING, "ETCD_KEY_FILE", null, "the private key of -cert-file (PEM)"),
            FlagSpec.of(
                    "peer-ca-file",
                    Kind.STRING,
                    "ETCD_PEER_CA_FILE",
                    null,
                    "the CA that signed every member's peer certificate (mutual TLS on the peer port)"),
            FlagSpec.of(
                    "peer-cert-file",
                    Kind.STRING,
                    "ETCD_PEER_CERT_FILE",
                    null,
                    "this member's peer certificate, server and client usage (PEM; with -peer-key-file and"
                            + " -peer-ca-file)"),
            FlagSpec.of(
                    "peer-key-file",
                    Kind.STRING,
                    "ETCD_PEER_KEY_FILE",
                    null,
                    "the private key of -peer-cert-file (PEM)"),
            FlagSpec.of(
                    "cors",
                    Kind.STRING,
                    "ETCD_CORS",
                    null,
                    "comma-separated origins allowed to call the API from a browser (* = any)"),
            FlagSpec.of(
                    "config",
                    Kind.STRING,
                    "ETCD_CONFIG",
                    null,
                    "a TOML configuration file with etcd 0.4.6's keys (see etc/etcd.conf.example)"),
            FlagSpec.of(
                    "max-result-buffer",
                    Kind.INT,
                    "ETCD_MAX_RESULT_BUFFER",
                    "1024",
                    "accepted for compatibility with etcd 0.4.6, which did not use it either"),
            FlagSpec.of(
                    "max-retry-attempts",
                    Kind.INT,
                    "ETCD_MAX_RETRY_ATTEMPTS",
                    "3",
                    "accepted for compatibility: joining retries every peer for up to 60 s"),
            FlagSpec.of(
                    "retry-interval",
                    Kind.FLOAT,
                    "ETCD_RETRY_INTERVAL",
                    "10",
                    "accepted for compatibility: joining retries with a backoff of 0.1 s to 2 s"),
            FlagSpec.of(
                    "trace",
                    Kind.STRING,
                    "ETCD_TRACE",
                    null,
                    "accepted for compatibility, no effect: read /v2/stats and use -v"),
            FlagSpec.of(
                    "cpuprofile",
                    Kind.STRING,
                    null,
                    null,
                    "accepted for compatibility, no effect: use Java Flight Recorder"
                            + " (-XX:StartFlightRecording=filename=etcd.jfr)"),
            FlagSpec.of(
                    "graphite-host",
                    Kind.STRING,
                    "ETCD_GRAPHITE_HOST",
                    null,
                    "accepted for compatibility, no effect: metrics are not published yet"));

    private static final Map<String, FlagSpec> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(FlagSpec::name, s -> s));

    private FlagTable() {}

    /** The flag named so, or null. */
    static FlagSpec find(String name) {
        return BY_NAME.get(name);
    }

    /** The flag named so; the name is one of this table's (a programming error otherwise). */
    static FlagSpec spec(String name) {
        FlagSpec spec = BY_NAME.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no flag -" + name);
        }
        return spec;
    }

    /** The -h text: every flag with its argument, help, default, variable and, if so, why it is unavailable. */
    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "usage: etcd -name <name> [-data-dir <path>] [-addr <host:port>] [-peer-addr <host:port>] [options]\n\n");
        sb.append("etcdj: etcd 0.4.6's v2 key-value API, in Java.\n\n");
        sb.append("Settings are read, each overriding the one before: /etc/etcd/etcd.conf (when present), the -config\n"
                + "file, the ETCD_* environment variables shown in [brackets], then the flags. In a file each flag is\n"
                + "a key with _ for - (-snapshot-count: snapshot_count; -peer-addr: addr under [peer];\n"
                + "-cluster-active-size: active_size under [cluster]); etc/etcd.conf.example shows every key.\n\n");
        for (FlagSpec spec : ALL) {
            String arg = switch (spec.kind()) {
                case STRING -> " <value>";
                case INT, FLOAT -> " <number>";
                case BOOL -> "";
            };
            sb.append(String.format("  -%-28s %s", spec.name() + arg, spec.help()));
            if (spec.defaultValue() != null && !spec.defaultValue().equals("false")) {
                sb.append(" (default ").append(spec.defaultValue()).append(')');
            }
            if (spec.env() != null) {
                sb.append(" [").append(spec.env()).append(']');
            }
            if (spec.unavailableBecause() != null) {
                sb.append("\n  ")
                        .append(" ".repeat(29))
                        .append("not available: ")
                        .append(spec.unavailableBecause());
            }
            sb.append('\n');
        }
        sb.append(LegacyFlags.usage());
        return sb.toString();
    }
}
