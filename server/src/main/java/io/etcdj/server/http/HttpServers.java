package io.etcdj.server.http;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Builds the Jetty servers of a node: plain HTTP/1.1 on a host and port. */
public final class HttpServers {
    private static final int MAX_THREADS = 200;

    private HttpServers() {
    }

    /** The request threads of a server; also where write responses are finished, off the apply thread. */
    public static QueuedThreadPool threadPool(String name) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8);
        threads.setName(name);
        return threads;
    }

    public static Server create(QueuedThreadPool threads, String host, int port, Handler handler,
                                long idleTimeoutMs) {
        return create(threads, host, port, handler, idleTimeoutMs, null, false);
    }

    /**
     * @param tls             null for plain HTTP; otherwise the port speaks HTTPS only, with this context
     * @param needClientAuth  every client must present a certificate the context trusts (etcd's -ca-file)
     */
    public static Server create(QueuedThreadPool threads, String host, int port, Handler handler,
                                long idleTimeoutMs, SSLContext tls, boolean needClientAuth) {
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Keys may hold "..", "//" or encoded slashes: they reach the handler raw and are cleaned as etcd cleans them.
        http.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(server, 1, -1, new HttpConnectionFactory(http));
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls);
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            ssl.setNeedClientAuth(needClientAuth);
            // Clients connect by IP as often as by name (the seed uses 127.0.0.1): no SNI host check.
            ssl.setSniRequired(false);
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, 1, -1,
                    new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        }
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeoutMs);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(handler);
        server.setErrorHandler(new JsonErrorHandler());
        return server;
    }
}
