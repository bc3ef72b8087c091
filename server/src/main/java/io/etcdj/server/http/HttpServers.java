package io.etcdj.server.http;

import io.etcdj.tls.CertificateReloader;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the Jetty servers of a node: plain HTTP/1.1 on a host and port. */
public final class HttpServers {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServers.class);
    private static final int MAX_THREADS = 200;
    /**
     * Selector threads of the client port. Plain key reads and key writes are handled on them
     * ({@link InlineKeyRequests}), so Jetty's default (half the cores, at most 4: one on a 2-core host) capped reads at
     * one core. Measured on 2 cores, three members, GET at 64 connections, 4 interleaved runs: 40,500-50,800 reads/s
     * with one selector, 48,800-54,100 with two (etcd 3.4: 26,800-28,000); writes at 64 and 256 connections unchanged
     * within the noise (6 runs each).
     */
    static final int SELECTORS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));

    /** Jetty's default; what changes is how many idle threads may exit per period (see {@link #threadPool}). */
    static final int IDLE_THREAD_TIMEOUT_MS = 60_000;
    /**
     * Connections the kernel queues while the port is not accepting (at the connection limit, or between two
     * accepts); past this it drops new ones (the client's connect retries, then times out).
     */
    static final int ACCEPT_QUEUE_SIZE = 1024;

    /**
     * Connection bounds of a port.
     *
     * @param idleTimeoutMs   a connection with no traffic for this long is closed (parked watches probe instead);
     *                        0 = never
     * @param maxConnections  open connections at most: at the limit the port stops accepting, so new connections
     *                        wait in the kernel's accept queue ({@link #ACCEPT_QUEUE_SIZE}) until one closes; they
     *                        are neither refused nor answered meanwhile
     * @param headerTimeoutMs the time a client has to send a request's head ({@link RequestHeadDeadline})
     */
    public record Limits(long idleTimeoutMs, int maxConnections, long headerTimeoutMs) {
        public Limits {
            if (idleTimeoutMs < 0 || maxConnections < 1 || headerTimeoutMs < 1) {
                throw new IllegalArgumentException("limits must be positive: " + idleTimeoutMs + " ms, "
                        + maxConnections + " connections, " + headerTimeoutMs + " ms");
            }
        }
    }

    private HttpServers() {}

    /** Jetty's limit, with its reached/cleared events in our log (Jetty's own loggers are at WARN). */
    private static final class LoggedConnectionLimit extends NetworkConnectionLimit {
        private final int max;
        private final ServerConnector connector;

        LoggedConnectionLimit(int max, ServerConnector connector) {
            super(max, connector);
            this.max = max;
            this.connector = connector;
        }

        @Override
        protected void limit() {
            LOG.warn(
                    "{}:{} has {} connections open (-max-connections): new ones wait in the accept queue until one"
                            + " closes",
                    connector.getHost(),
                    connector.getLocalPort(),
                    max);
            super.limit();
        }

        @Override
        protected void unlimit() {
            LOG.info("{}:{} is below -max-connections again: accepting", connector.getHost(), connector.getLocalPort());
            super.unlimit();
        }
    }

    /**
     * The request threads of a server; also where write responses are finished, off the apply thread. A thread idle
     * for {@link #IDLE_THREAD_TIMEOUT_MS} exits, down to the minimum, all of them in one such period: Jetty's
     * default lets one thread exit per period, so after a burst over 256 connections a member kept about 200 idle
     * threads, each with its stack and its JSON scratch buffer ({@link JsonScratch}, up to 64 KiB), for over three
     * hours (the leader had 242 threads 76 s after the burst, in `bench/cluster`).
     */
    public static QueuedThreadPool threadPool(String name) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8);
        threads.setName(name);
        threads.setIdleTimeout(IDLE_THREAD_TIMEOUT_MS);
        threads.setMaxEvictCount(MAX_THREADS);
        return threads;
    }

    public static Server create(QueuedThreadPool threads, String host, int port, Handler handler, Limits limits) {
        return create(threads, host, port, handler, limits, (SslContextFactory.Server) null);
    }

    /**
     * @param tls             null for plain HTTP; otherwise the port speaks HTTPS only, with this context
     * @param needClientAuth  every client must present a certificate the context trusts (etcd's -ca-file)
     */
    public static Server create(
            QueuedThreadPool threads,
            String host,
            int port,
            Handler handler,
            Limits limits,
            SSLContext tls,
            boolean needClientAuth) {
        return create(
                threads, host, port, handler, limits, tls == null ? null : ClientTlsEngines.jdk(tls, needClientAuth));
    }

    /**
     * A client port with TLS from reloading material, on the JDK's engine or BoringSSL's ({@link ClientTlsEngines}).
     *
     * @param needClientAuth every client must present a certificate the material trusts (etcd's -ca-file)
     */
    public static Server create(
            QueuedThreadPool threads,
            String host,
            int port,
            Handler handler,
            Limits limits,
            CertificateReloader tls,
            boolean needClientAuth) {
        return create(
                threads,
                host,
                port,
                handler,
                limits,
                tls == null ? null : ClientTlsEngines.choose(tls, needClientAuth));
    }

    private static Server create(
            QueuedThreadPool threads,
            String host,
            int port,
            Handler handler,
            Limits limits,
            SslContextFactory.Server tls) {
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Keys may hold "..", "//" or encoded slashes: they reach the handler raw and are cleaned as etcd cleans them.
        http.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(server, 1, SELECTORS, new HttpConnectionFactory(http));
        } else {
            http.addCustomizer(new SecureRequestCustomizer(false));
            SslConnectionFactory ssl = new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString());
            boolean direct = ClientTlsEngines.wantsDirectBuffers(tls);
            ssl.setDirectBuffersForEncryption(direct);
            ssl.setDirectBuffersForDecryption(direct);
            connector = new ServerConnector(server, 1, SELECTORS, ssl, new HttpConnectionFactory(http));
        }
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeoutMs());
        connector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
        server.addConnector(connector);
        // Stops accepting at the limit (the endpoints' idle timeouts are left alone: watches manage their own).
        server.addBean(new LoggedConnectionLimit(limits.maxConnections(), connector));
        // Plain key reads and key writes are handled on the selector thread, everything else on the pool.
        RequestHeadDeadline headDeadline = new RequestHeadDeadline(
                new InlineKeyRequests(handler, threads), limits.headerTimeoutMs(), connector.getScheduler());
        connector.addBean(headDeadline); // as a Connection.Listener of every connection it accepts
        server.setHandler(headDeadline);
        server.setErrorHandler(new JsonErrorHandler());
        return server;
    }
}
