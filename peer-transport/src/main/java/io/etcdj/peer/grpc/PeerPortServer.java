package io.etcdj.peer.grpc;

import io.grpc.BindableService;
import io.grpc.servlet.jakarta.ServletServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The peer port: one Jetty connector speaking HTTP/1.1 and HTTP/2, either plaintext (h2c) or inside mutual TLS
 * (see {@link PeerPortConnectors}). gRPC requests go to grpc-java's servlet transport; everything else to the plain
 * handler (etcd's /v2/admin JSON), so {@code curl http://host:7001/...} (or {@code curl --cert ... https://...}) and
 * Raft traffic share the port.
 */
final class PeerPortServer implements AutoCloseable {
    private static final int MAX_THREADS = 64;
    /** A connection with no traffic at all this long is closed; Raft heartbeats keep a live peer's busy. */
    private static final long IDLE_TIMEOUT_MS = 300_000;

    private final Server server;
    private final ServerConnector connector;

    PeerPortServer(
            long localId,
            InetSocketAddress bind,
            BindableService service,
            Handler plainHttp,
            int maxMessageBytes,
            Optional<PeerTls> tls) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("etcdj-peer-port-" + localId);
        threads.setDaemon(true);
        server = new Server(threads);

        connector = tls.map(t -> PeerPortConnectors.mutualTls(server, t))
                .orElseGet(() -> PeerPortConnectors.plaintext(server));
        connector.setHost(bind.getHostString());
        connector.setPort(bind.getPort());
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);

        ServletContextHandler grpc = new ServletContextHandler();
        grpc.setContextPath("/");
        ServletHolder holder = new ServletHolder(new ServletServerBuilder()
                .addService(service)
                .maxInboundMessageSize(maxMessageBytes)
                .buildServlet());
        // Without async support the servlet transport answers every call with HTTP 500 (DESIGN.md pitfalls).
        holder.setAsyncSupported(true);
        grpc.addServlet(holder, "/*");
        server.setHandler(new Handler.Sequence(new GrpcOnlyHandler(grpc), plainHttp));
    }

    void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(
                    "cannot start the peer port on " + connector.getHost() + ":" + connector.getPort(), e);
        }
    }

    /** The bound port (useful when asked for port 0). */
    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the peer port", e);
        }
    }
}
