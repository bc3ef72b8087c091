package io.etcdj.server.http;

import org.eclipse.jetty.http.UriCompliance;
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
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Keys may hold "..", "//" or encoded slashes: they reach the handler raw and are cleaned as etcd cleans them.
        http.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector connector = new ServerConnector(server, 1, -1, new HttpConnectionFactory(http));
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
