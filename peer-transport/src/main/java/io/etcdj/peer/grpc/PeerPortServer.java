package io.etcdj.peer.grpc;

import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.servlet.jakarta.ServletServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
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
            Optional<PeerTls> tls,
            Set<String> inlineMethods) {
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
                .callExecutor(new InlineCalls(inlineMethods))
                .buildServlet());
        // Without async support the servlet transport answers every call with HTTP 500 (DESIGN.md pitfalls).
        holder.setAsyncSupported(true);
        grpc.addServlet(holder, "/*");
        server.setHandler(new Handler.Sequence(new GrpcOnlyHandler(grpc), plainHttp));
    }

    /**
     * Runs the callbacks of the named methods on the thread that read the message, instead of handing each message
     * to gRPC's executor: for the Raft stream that is one thread wake-up less per message (the handler only queues
     * it for the Raft thread, never blocks). Every other call (unary joins that wait for a commit, snapshot uploads
     * that write to disk) keeps gRPC's default executor.
     */
    private static final class InlineCalls implements ServerCallExecutorSupplier {
        private static final Executor INLINE = Runnable::run;
        private final Set<String> methods;

        InlineCalls(Set<String> methods) {
            this.methods = Set.copyOf(methods);
        }

        @Override
        public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
            return methods.contains(call.getMethodDescriptor().getFullMethodName()) ? INLINE : null;
        }
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
