package io.etcdj.server.node;

import io.etcdj.server.command.Command;
import io.etcdj.server.config.ConfigException;
import io.etcdj.server.config.ServerConfig;
import io.etcdj.server.http.ClientHandler;
import io.etcdj.server.http.HttpServers;
import io.etcdj.server.http.PeerHandler;
import io.etcdj.server.http.StoreClusterView;
import io.etcdj.store.Store;
import io.etcdj.tls.CertificateReloader;
import io.etcdj.tls.TlsConfig;
import io.etcdj.tls.TlsConfigException;
import io.etcdj.store.V2Store;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** A running node: data dir, log, store and the two HTTP ports, wired together; closing stops it cleanly. */
public final class EtcdNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdNode.class);
    private static final long REGISTRATION_TIMEOUT_SECONDS = 30;
    private static final java.time.Duration TLS_RECHECK_INTERVAL = java.time.Duration.ofSeconds(5);

    private final ServerConfig config;
    private final DataDirLock lock;
    private final SingleNodeLog log;
    private final Server clientServer;
    private final Server peerServer;
    private final Store store;

    private EtcdNode(ServerConfig config, DataDirLock lock, SingleNodeLog log, Server clientServer,
                     Server peerServer, Store store) {
        this.config = config;
        this.lock = lock;
        this.log = log;
        this.clientServer = clientServer;
        this.peerServer = peerServer;
        this.store = store;
    }

    public static EtcdNode start(ServerConfig config, Clock clock) throws Exception {
        Path dataDir = config.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new ConfigException("cannot create data dir " + dataDir + ": " + e);
        }
        if (!Files.isWritable(dataDir)) {
            throw new ConfigException("data dir " + dataDir + " is not writable");
        }
        // Certificates are checked before anything is written: a bad file stops start-up, naming the file.
        CertificateReloader clientTls = loadTls(config.clientTls());
        DataDirLock lock = DataDirLock.acquire(dataDir);
        if (config.force()) {
            LOG.warn("-f given: removing the log and snapshots in {}", dataDir);
            deleteTree(dataDir.resolve("wal"));
            deleteTree(dataDir.resolve("snap"));
        }
        Store store = new V2Store(clock);
        SingleNodeLog log = SingleNodeLog.open(dataDir, store, clock,
                config.snapshot() ? config.snapshotCount() : Long.MAX_VALUE);
        StoreClusterView cluster = new StoreClusterView(store, config.name());
        if (log.isFresh()) {
            register(log, config);
            LOG.info("formed a new one-member cluster; {} is its leader", config.name());
        } else {
            LOG.info("restarted {} from data dir {} at log index {} (store index {}), term {}",
                    config.name(), dataDir, log.commitIndex(), store.index(), log.term());
        }
        QueuedThreadPool clientThreads = HttpServers.threadPool("etcdj-client");
        Server clientServer = HttpServers.create(clientThreads, config.clientBindHost(), config.clientPort(),
                new ClientHandler(store, log, cluster, clock, config.maxRequestBytes(), clientThreads),
                TimeUnit.SECONDS.toMillis(config.httpReadTimeoutSeconds()),
                clientTls == null ? null : clientTls.sslContext(),
                config.clientTls() != null && config.clientTls().caFile() != null);
        Server peerServer = HttpServers.create(HttpServers.threadPool("etcdj-peer"), config.peerBindHost(), config.peerPort(),
                new PeerHandler(cluster), TimeUnit.SECONDS.toMillis(config.httpReadTimeoutSeconds()));
        EtcdNode node = new EtcdNode(config, lock, log, clientServer, peerServer, store);
        try {
            startServer(peerServer, "-peer-addr/-peer-bind-addr", config.peerBindHost(), config.peerPort());
            startServer(clientServer, "-addr/-bind-addr", config.clientBindHost(), config.clientPort());
        } catch (Exception e) {
            node.close();
            throw e;
        }
        LOG.info("{} data dir {}", config.name(), dataDir.toAbsolutePath());
        LOG.info("{} listening for peers on {}:{} (advertised {})", config.name(), config.peerBindHost(),
                config.peerPort(), config.peerAdvertiseUrl());
        LOG.info("{} listening for client requests on {}:{} (advertised {})", config.name(),
                config.clientBindHost(), config.clientPort(), config.clientAdvertiseUrl());
        return node;
    }

    /** Material that follows its files: a rotated certificate is used by new connections within seconds. */
    private static CertificateReloader loadTls(ServerConfig.TlsFiles files) throws ConfigException {
        if (files == null) {
            return null;
        }
        try {
            CertificateReloader reloader = CertificateReloader.start(
                    TlsConfig.of(files.certFile(), files.keyFile(), files.caFile()), TLS_RECHECK_INTERVAL);
            LOG.info("client port uses HTTPS with certificate {}{}", files.certFile(), files.caFile() == null
                    ? "" : "; clients need a certificate signed by " + files.caFile());
            return reloader;
        } catch (TlsConfigException e) {
            throw new ConfigException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("TLS configuration: " + e.getMessage());
        }
    }

    private static void register(SingleNodeLog log, ServerConfig config) throws Exception {
        Command register = new Command(Command.Op.SET, StoreClusterView.MACHINES_DIR + "/" + config.name(),
                StoreClusterView.registration(config.clientAdvertiseUrl(), config.peerAdvertiseUrl()), false,
                false, null, 0, Command.PERMANENT);
        ApplyResult result = log.propose(register).get(REGISTRATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (result.error() != null) {
            throw new IllegalStateException("registering this machine failed: " + result.error().getMessage());
        }
    }

    private static void startServer(Server server, String flags, String host, int port) throws Exception {
        try {
            server.start();
        } catch (IOException e) {
            Throwable cause = e instanceof BindException || e.getCause() == null ? e : e.getCause();
            throw new ConfigException("cannot listen on " + host + ":" + port + " (" + flags + "): "
                    + cause.getMessage());
        }
    }

    /** The client port actually bound (useful when 0 was asked for in tests). */
    public int clientPort() {
        return ((org.eclipse.jetty.server.ServerConnector) clientServer.getConnectors()[0]).getLocalPort();
    }

    public int peerPort() {
        return ((org.eclipse.jetty.server.ServerConnector) peerServer.getConnectors()[0]).getLocalPort();
    }

    public Store store() {
        return store;
    }

    @Override
    public void close() throws Exception {
        LOG.info("{} stopping", config.name());
        stopQuietly(clientServer);
        stopQuietly(peerServer);
        log.close();
        lock.close();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping {} failed", server, e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
