package io.etcdj.server.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/discovery}: this project as a discovery service (what discovery.etcd.io was for etcd 0.4), backed by
 * an etcdj cluster: {@code bin/discovery -addr 127.0.0.1:8087 -backend http://127.0.0.1:4001}.
 */
public final class DiscoveryServiceMain {
    static final String USAGE = """
            usage: discovery [-addr host:port] [-backend URL] [-public-url URL]

            A discovery service for etcd 0.4-style clusters: GET /new returns a new token URL; members started with
            -discovery <token URL> register under it and find each other.

              -addr host:port   where to listen (default 127.0.0.1:8087)
              -backend URL      the etcd whose /_etcd/registry keeps the tokens (default http://127.0.0.1:4001)
              -public-url URL   what token URLs start with (default http://<-addr>)
              -h, -help         this text""";
    /** Request threads at most; requests past {@link TokenProxy#MAX_IN_FLIGHT} are answered 503 at once. */
    static final int MAX_THREADS = 100;

    static final long IDLE_TIMEOUT_MS = 30_000;

    private DiscoveryServiceMain() {}

    /**
     * The flags, checked.
     *
     * @param host      the host to bind
     * @param port      the port to bind (0: any free one)
     * @param backend   the backend etcd's client URL
     * @param publicUrl the start of every token URL handed out
     */
    record Settings(String host, int port, String backend, String publicUrl) {}

    /** A flag problem, with the message the user reads. */
    static final class BadFlags extends Exception {
        BadFlags(String message) {
            super(message);
        }
    }

    /** Null when -h was asked for. */
    static Settings parse(String[] args) throws BadFlags {
        String addr = "127.0.0.1:8087";
        String backend = "http://127.0.0.1:4001";
        String publicUrl = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;
            int eq = flag.indexOf('=');
            if (eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            flag = flag.startsWith("--") ? flag.substring(1) : flag;
            if (flag.equals("-h") || flag.equals("-help")) {
                return null;
            }
            if (!flag.equals("-addr") && !flag.equals("-backend") && !flag.equals("-public-url")) {
                throw new BadFlags("unknown flag " + args[i]);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new BadFlags(flag + " needs a value");
                }
                value = args[++i];
            }
            switch (flag) {
                case "-addr" -> addr = value;
                case "-backend" -> backend = httpUrl("-backend", value);
                default -> publicUrl = httpUrl("-public-url", value);
            }
        }
        int colon = addr.lastIndexOf(':');
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(addr.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new BadFlags("-addr must be host:port, e.g. 127.0.0.1:8087; got \"" + addr + "\"");
        }
        String host = addr.substring(0, colon);
        return new Settings(host, port, backend, publicUrl == null ? "http://" + addr : publicUrl);
    }

    private static String httpUrl(String flag, String value) throws BadFlags {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new BadFlags(flag + " must be an http:// or https:// URL with a host; got \"" + value + "\"");
    }

    /** Starts the service; {@link Server#getURI()} and the connector tell the bound port. */
    static Server start(Settings settings) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("etcdj-discovery");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, -1, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        server.setHandler(new TokenProxy(
                RegistryHttp.standard(Duration.ofSeconds(5), Duration.ofSeconds(15)),
                settings.backend(),
                settings.publicUrl()));
        server.start();
        return server;
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings;
        try {
            settings = parse(args);
        } catch (BadFlags e) {
            System.err.println("discovery: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (settings == null) {
            System.out.println(USAGE);
            return;
        }
        Logger log = LoggerFactory.getLogger(DiscoveryServiceMain.class);
        Server server;
        try {
            server = start(settings);
        } catch (Exception e) {
            log.error(
                    "cannot start: cannot listen on {}:{} (-addr): {}", settings.host(), settings.port(), e.toString());
            System.exit(1);
            return;
        }
        log.info(
                "discovery service listening on {}:{}; tokens at {}/<token>; registry in {}{}",
                settings.host(),
                ((ServerConnector) server.getConnectors()[0]).getLocalPort(),
                settings.publicUrl(),
                settings.backend(),
                TokenProxy.REGISTRY);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.stop();
                            } catch (Exception e) {
                                log.warn("stopping failed", e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "etcdj-discovery-shutdown"));
        stopped.await();
    }
}
