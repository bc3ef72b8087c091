package io.etcdj.server.node;

import io.etcdj.peer.Member;
import io.etcdj.peer.grpc.GrpcPeerTransport;
import io.etcdj.peer.grpc.GrpcTransportConfig;
import io.etcdj.peer.grpc.PeerTls;
import io.etcdj.server.cluster.ClusterConfig;
import io.etcdj.server.cluster.MemberSettings;
import io.etcdj.server.cluster.RaftClusterView;
import io.etcdj.server.cluster.RaftNode;
import io.etcdj.server.cluster.RaftStorage;
import io.etcdj.server.cluster.RestoredBackup;
import io.etcdj.server.cluster.SnapshotImage;
import io.etcdj.server.config.ConfigException;
import io.etcdj.server.config.ServerConfig;
import io.etcdj.server.http.ClientHandler;
import io.etcdj.server.http.ClientRequestLog;
import io.etcdj.server.http.Cors;
import io.etcdj.server.http.DashboardHandler;
import io.etcdj.server.http.HttpServers;
import io.etcdj.server.http.PeerHandler;
import io.etcdj.server.metrics.MetricsRoute;
import io.etcdj.server.metrics.NodeMetrics;
import io.etcdj.server.wal.FileTrees;
import io.etcdj.store.Store;
import io.etcdj.store.V2Store;
import io.etcdj.tls.CertificateReloader;
import io.etcdj.tls.TlsConfig;
import io.etcdj.tls.TlsConfigException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running node: data dir, log, store and the two HTTP ports, wired together; closing stops it cleanly. */
public final class EtcdNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdNode.class);
    private static final Duration TLS_RECHECK_INTERVAL = Duration.ofSeconds(5);

    private final ServerConfig config;
    private final DataDirLock lock;
    private final RaftNode raft;
    private final GrpcPeerTransport transport;
    private final Server clientServer;
    private final Store store;
    /** Null unless the member started as a standby (it may have been promoted since). */
    private final Standby standby;

    private EtcdNode(
            ServerConfig config,
            DataDirLock lock,
            RaftNode raft,
            GrpcPeerTransport transport,
            Server clientServer,
            Store store,
            Standby standby) {
        this.standby = standby;
        this.config = config;
        this.lock = lock;
        this.raft = raft;
        this.transport = transport;
        this.clientServer = clientServer;
        this.store = store;
    }

    /**
     * Starts a member. Order matters to an operator: files and certificates are checked, then both ports are bound,
     * and only then is the data dir touched and the cluster formed or joined, so a bad setting or a busy port stops
     * start-up without leaving a half-made data dir or a member added to the cluster that then cannot run.
     */
    public static EtcdNode start(ServerConfig config, Clock clock) throws Exception {
        // Certificates are checked before anything is written: a bad file stops start-up, naming the file.
        CertificateReloader clientTls = loadTls(config.client().tls(), "the client port");
        CertificateReloader peerTls = loadTls(config.cluster().peerTls(), "the peer port (mutual TLS)");
        SecurityWarnings.log(config);
        StartingPeer starting = new StartingPeer();
        GrpcPeerTransport transport = new GrpcPeerTransport(
                Member.idOf(config.name()),
                new InetSocketAddress(config.peer().bindHost(), config.peer().port()),
                starting,
                starting,
                starting.adminHandler(),
                peerTransportConfig(peerTls, PeerSourceAddress.of(config.peer().bindHost()))
                        .withSnapshotSpoolDir(config.dataDir().resolve("snap").resolve("incoming")));
        NodeMetrics metrics = new NodeMetrics();
        transport.countTraffic(metrics.peerTraffic());
        metrics.countLateAnswers(transport::lateAnswers);
        try {
            transport.start();
        } catch (IOException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConfigException("cannot listen on " + config.peer().bindHost() + ":"
                    + config.peer().port() + " (-peer-addr/-peer-bind-addr): " + cause.getMessage());
        }
        QueuedThreadPool clientThreads = HttpServers.threadPool("etcdj-client");
        DeferredHandler clientHandler = new DeferredHandler();
        Server clientServer = HttpServers.create(
                clientThreads,
                config.client().listener().bindHost(),
                config.client().listener().port(),
                clientHandler,
                new HttpServers.Limits(
                        TimeUnit.SECONDS.toMillis(config.client().readTimeoutSeconds()),
                        config.client().limits().maxConnections(),
                        TimeUnit.SECONDS.toMillis(config.client().limits().headerTimeoutSeconds())),
                clientTls,
                config.client().tls() != null && config.client().tls().caFile() != null);
        if (config.logging().requestLog()) {
            clientServer.setRequestLog(new ClientRequestLog());
        }
        try {
            bind(
                    clientServer,
                    "-addr/-bind-addr",
                    config.client().listener().bindHost(),
                    config.client().listener().port());
        } catch (Exception e) {
            transport.close();
            throw e;
        }
        try {
            return startOnBoundPorts(
                    config, clock, starting, transport, clientServer, clientHandler, clientThreads, metrics);
        } catch (Exception | Error e) {
            transport.close();
            stopQuietly(clientServer);
            throw e;
        }
    }

    private static EtcdNode startOnBoundPorts(
            ServerConfig config,
            Clock clock,
            StartingPeer starting,
            GrpcPeerTransport transport,
            Server clientServer,
            DeferredHandler clientHandler,
            QueuedThreadPool clientThreads,
            NodeMetrics metrics)
            throws Exception {
        Path dataDir = config.dataDir();
        try {
            DataDirLock.createOwnerOnly(dataDir);
        } catch (IOException e) {
            throw new ConfigException("cannot create data dir " + dataDir + " (-data-dir): "
                    + (e.getMessage() == null ? "I/O error" : e.getMessage())
                    + "; choose a directory this user may create and write");
        }
        if (!Files.isWritable(dataDir)) {
            throw new ConfigException("data dir " + dataDir + " is not writable");
        }
        DataDirLock lock = DataDirLock.acquire(dataDir);
        RaftNode raft;
        try {
            transport.prepareSnapshotSpool();
            raft = openMember(config, clock, dataDir);
        } catch (Exception | Error e) {
            lock.close();
            throw e;
        }
        RaftClusterView cluster = new RaftClusterView(raft, config.name());
        List<String> corsOrigins = config.client().corsOrigins();
        metrics.attach(raft);
        starting.attach(
                raft.peerInbound(),
                raft.peerInbound(),
                new Cors(corsOrigins, new MetricsRoute(metrics, new PeerHandler(cluster))));
        Standby standby = null;
        try {
            standby = ClusterEntry.enter(config, raft, transport);
            ClientHandler member = new ClientHandler(
                    raft.store(), raft, cluster, clock, config.client().maxRequestBytes(), clientThreads);
            // /metrics before the standby gate: a standby answers scrapes itself instead of redirecting them.
            clientHandler.set(new Cors(
                    corsOrigins,
                    () -> DashboardHandler.clientOrigins(cluster),
                    new MetricsRoute(metrics, standby == null ? member : new StandbyGate(member, standby))));
            startServer(
                    clientServer,
                    "-addr/-bind-addr",
                    config.client().listener().bindHost(),
                    config.client().listener().port());
        } catch (Exception | Error e) {
            if (standby != null) {
                standby.close();
            }
            raft.close();
            lock.close();
            throw e;
        }
        LOG.info("{} data dir {}", config.name(), dataDir.toAbsolutePath());
        LOG.info(
                "{} listening for peers on {}:{} (advertised {})",
                config.name(),
                config.peer().bindHost(),
                config.peer().port(),
                config.peer().advertiseUrl());
        LOG.info(
                "{} listening for client requests on {}:{} (advertised {})",
                config.name(),
                config.client().listener().bindHost(),
                config.client().listener().port(),
                config.client().listener().advertiseUrl());
        return new EtcdNode(config, lock, raft, transport, clientServer, raft.store(), standby);
    }

    /** The log, snapshot and store of the data dir (which the caller has locked), and the Raft node on them. */
    private static RaftNode openMember(ServerConfig config, Clock clock, Path dataDir) throws IOException {
        if (config.storage().force()) {
            LOG.warn("-f given: removing the log, snapshots and standby_info in {}", dataDir);
            // Under its old name with -peers it rejoins as its old Raft id, holding its votes until it has caught up
            // (RaftNode.holdVotesUntilCaughtUp): what it forgets here cannot make a stale candidate win.
            FileTrees.delete(dataDir.resolve("wal"));
            FileTrees.delete(dataDir.resolve("snap"));
            Files.deleteIfExists(StandbyInfo.file(dataDir)); // 0.4.6's -f removed standby_info too
        }
        Member self = Member.named(
                config.name(),
                config.peer().advertiseUrl(),
                config.client().listener().advertiseUrl());
        RestoredBackup.adoptIfBackup(dataDir, self, clock); // etcdctl backup's dir: this member becomes its only one
        Store store = new V2Store(clock);
        RaftStorage storage = RaftStorage.open(dataDir);
        try {
            SnapshotImage recovered = storage.takeRecoveredImage();
            if (recovered != null) {
                store.recover(recovered.storeData());
            }
            ServerConfig.Cluster clusterConfig = config.cluster();
            return RaftNode.create(
                    new MemberSettings(
                            self,
                            clusterConfig.heartbeatMs(),
                            clusterConfig.electionTimeoutMs(),
                            config.storage().snapshotEveryEntries()),
                    store,
                    clock,
                    storage);
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** Mutual TLS when peer certificates are given; the managers follow their files (rotation without restart). */
    private static GrpcTransportConfig peerTransportConfig(
            CertificateReloader peerTls, Optional<InetAddress> sourceAddress) {
        // Members of a starting cluster come up seconds apart: retry a refused connection often.
        GrpcTransportConfig base =
                GrpcTransportConfig.defaults().withReconnect(Duration.ofMillis(50), Duration.ofMillis(500));
        GrpcTransportConfig config = sourceAddress.map(base::withSourceAddress).orElse(base);
        sourceAddress.ifPresent(a -> LOG.info("connections to other members leave from {}", a.getHostAddress()));
        if (peerTls == null) {
            return config;
        }
        return config.withTls(
                new PeerTls(new KeyManager[] {peerTls.keyManager()}, new TrustManager[] {peerTls.trustManager()}));
    }

    /** Material that follows its files: a rotated certificate is used by new connections within seconds. */
    private static CertificateReloader loadTls(ServerConfig.TlsFiles files, String what) throws ConfigException {
        if (files == null) {
            return null;
        }
        KeyFilePermissions.warnIfReadableByOthers(files.keyFile(), what);
        try {
            CertificateReloader reloader = CertificateReloader.start(
                    TlsConfig.of(files.certFile(), files.keyFile(), files.caFile()), TLS_RECHECK_INTERVAL);
            LOG.info(
                    "{} uses TLS with certificate {}{}",
                    what,
                    files.certFile(),
                    files.caFile() == null ? "" : "; the other side needs a certificate signed by " + files.caFile());
            return reloader;
        } catch (TlsConfigException e) {
            throw new ConfigException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("TLS configuration: " + e.getMessage());
        }
    }

    /** Binds the server's port without serving yet, so a busy port is found before anything else happens. */
    private static void bind(Server server, String flags, String host, int port) throws ConfigException {
        try {
            ((ServerConnector) server.getConnectors()[0]).open();
        } catch (IOException e) {
            Throwable cause = e instanceof BindException || e.getCause() == null ? e : e.getCause();
            throw new ConfigException("cannot listen on " + host + ":" + port + " (" + flags + "): "
                    + (cause.getMessage() == null
                            ? "the address is not on this machine; give one of its addresses, e.g. 127.0.0.1"
                            : cause.getMessage()));
        }
    }

    private static void startServer(Server server, String flags, String host, int port) throws Exception {
        try {
            server.start();
        } catch (IOException e) {
            Throwable cause = e instanceof BindException || e.getCause() == null ? e : e.getCause();
            throw new ConfigException("cannot listen on " + host + ":" + port + " (" + flags + "): "
                    + (cause.getMessage() == null
                            ? "the address is not on this machine; give one of its addresses, e.g. 127.0.0.1"
                            : cause.getMessage()));
        }
    }

    /** The client port actually bound (useful when 0 was asked for in tests). */
    public int clientPort() {
        return ((ServerConnector) clientServer.getConnectors()[0]).getLocalPort();
    }

    public int peerPort() {
        return transport.port();
    }

    /** Completes once this member has been removed from its cluster (it then serves no more and should stop). */
    public CompletableFuture<Void> removed() {
        return raft.removed();
    }

    public Store store() {
        return store;
    }

    /**
     * The cluster as this member last saw it (the other members, the leader, the config), for the standby_info of a
     * removed member: it asks these members for a seat again.
     */
    StandbyInfo clusterAsLastSeen() {
        List<Member> others = raft.members().all().stream()
                .filter(m -> m.id() != raft.selfId())
                .toList();
        String leaderName = raft.members().nameOf(raft.lastKnownLeaderId()).orElse("");
        return StandbyInfo.fromPeer(others, leaderName, ClusterConfig.toJson(raft.clusterConfig()));
    }

    ServerConfig config() {
        return config;
    }

    /** Completes with the reason when one of this member's loops has failed: the process should stop (fail-stop). */
    public CompletableFuture<String> failure() {
        return raft.health().failure();
    }

    @Override
    public void close() throws Exception {
        LOG.info("{} stopping", config.name());
        stopQuietly(clientServer);
        if (standby != null) {
            standby.close();
        }
        raft.close();
        transport.close();
        lock.close();
    }

    /** True while this member runs as a standby (no voter; its client port redirects to the leader). */
    public boolean isStandby() {
        return standby != null && standby.isStandby();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping {} failed", server, e);
        }
    }
}
