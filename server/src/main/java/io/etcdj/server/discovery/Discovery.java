package io.etcdj.server.discovery;

import io.etcdj.server.config.ConfigException;
import io.etcdj.server.config.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of etcd 0.4.6's discovery protocol (discovery/discovery.go, Documentation/discovery-protocol.md),
 * run by a member with a fresh data dir and {@code -discovery <token URL>}:
 *
 * <ol>
 *   <li>{@code PUT <url>/<name>?ttl=604800}, value = this member's peer URL (registration; renewed every 21 h);
 *   <li>{@code PUT <url>/_state?prevExist=false}, value {@code started}: success makes this member the first one,
 *       which forms the cluster; "already exists" (412, error 105) means a cluster was started under the token;
 *   <li>{@code GET <url>?recursive=true}: every registration but our own is a peer to join through.
 * </ol>
 *
 * A service that cannot be reached (or answers 5xx) is retried {@link Retry#attempts} times in all, 2.5-5 s apart as
 * 0.4.6's -max-retry-attempts 3 and -retry-interval did, then start-up stops naming the URL and the last error. A
 * service that answers something unusable stops start-up at once.
 */
public final class Discovery {
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
    /** 0.4.6's message, kept word for word: operators search for it (etcd issue #842). */
    static final String NO_REACHABLE_PEERS =
            "Discovery found an initialized cluster but no reachable peers are registered.";
    /** A registration lives a week unless renewed (0.4.6's defaultTTL). */
    static final long TTL_SECONDS = 604_800;
    /** Renewed every eighth of its life, as 0.4.6 did. */
    static final long REREGISTER_SECONDS = TTL_SECONDS / 8;

    static final String STATE_KEY = "_state";
    static final String STARTED = "started";
    private static final int NODE_EXIST = 105;

    /**
     * How often and how far apart a step is tried while the service cannot be reached.
     *
     * @param attempts      tries in all (0.4.6: 1 + -max-retry-attempts 3)
     * @param minIntervalMs the wait before the next try is drawn from [min, max] (0.4.6: 2.5-5 s)
     */
    record Retry(int attempts, long minIntervalMs, long maxIntervalMs) {
        static final Retry DEFAULTS = new Retry(4, 2_500, 5_000);

        Retry {
            if (attempts < 1 || minIntervalMs < 0 || maxIntervalMs < minIntervalMs) {
                throw new IllegalArgumentException(
                        "bad retry " + attempts + ", " + minIntervalMs + "-" + maxIntervalMs + " ms");
            }
        }

        long nextWaitMs() {
            return minIntervalMs == maxIntervalMs
                    ? minIntervalMs
                    : ThreadLocalRandom.current().nextLong(minIntervalMs, maxIntervalMs + 1);
        }
    }

    private final RegistryHttp http;
    private final Retry retry;
    private final URI tokenUrl;
    private final String name;
    private final String peerUrl;
    private final PeerProbe probe;

    Discovery(RegistryHttp http, Retry retry, URI tokenUrl, String name, String peerUrl, PeerProbe probe) {
        this.http = http;
        this.retry = retry;
        this.tokenUrl = tokenUrl;
        this.name = name;
        this.peerUrl = peerUrl;
        this.probe = probe;
    }

    /**
     * Runs the protocol for a new member and, on success, keeps its registration alive on a daemon thread for as
     * long as {@code memberRunning} says.
     *
     * @return the peer URLs to join through, or empty when this member is the first and forms the cluster
     * @throws ConfigException start-up cannot go on; the message says why and names the URL
     */
    public static List<String> find(ServerConfig config, BooleanSupplier memberRunning)
            throws ConfigException, InterruptedException {
        String url = config.cluster().discoveryUrl();
        Discovery discovery = new Discovery(
                RegistryHttp.standard(Duration.ofSeconds(5), Duration.ofSeconds(15)),
                Retry.DEFAULTS,
                tokenUrl(url),
                config.name(),
                config.peer().advertiseUrl(),
                PeerProbe.tcp(Duration.ofSeconds(2)));
        List<String> peers = discovery.run();
        Reregistration.start(discovery::register, REREGISTER_SECONDS, memberRunning, url);
        return peers;
    }

    /** The protocol's three steps (see the class comment); the peers to join through, or empty to form. */
    List<String> run() throws ConfigException, InterruptedException {
        retried("registering " + name, () -> {
            register();
            return null;
        });
        LOG.info("discovery: registered {} at {}", name, RedactedUrl.of(tokenUrl));
        boolean first = retried("claiming " + STATE_KEY, this::claimState);
        if (first) {
            LOG.info("discovery: first member, forming a new cluster");
            return List.of();
        }
        List<String> registered = retried("listing the registered members", this::registeredPeers);
        if (registered.isEmpty()) {
            throw new ConfigException(
                    NO_REACHABLE_PEERS + " " + RedactedUrl.of(tokenUrl) + " has a started cluster but lists no"
                            + " member other than " + name + "; use a new token (GET /new) for a new cluster");
        }
        List<String> peers = probe.reachableFirst(registered, retry);
        if (peers.isEmpty()) {
            throw new ConfigException(
                    NO_REACHABLE_PEERS + " None of the members registered at " + RedactedUrl.of(tokenUrl) + " ("
                            + String.join(", ", registered) + ") answers; if that cluster is gone, use a new token");
        }
        LOG.info("discovery: joining through {}", peers);
        return peers;
    }

    /** Step 1, also the renewal: {@code PUT <url>/<name>?ttl=604800}, value = our peer URL. */
    void register() throws IOException, InterruptedException, ConfigException {
        URI key = URI.create(tokenUrl + "/" + PathSegment.encode(name) + "?ttl=" + TTL_SECONDS);
        RegistryHttp.Reply reply = http.send("PUT", key, form("value", peerUrl), RegistryHttp.FORM);
        if (reply.status() != 200 && reply.status() != 201) {
            throw unexpected("registering " + name, key, reply);
        }
    }

    /** Step 2: true when this member created {@code _state} (it is the first member). */
    private boolean claimState() throws IOException, InterruptedException, ConfigException {
        URI key = URI.create(tokenUrl + "/" + STATE_KEY + "?prevExist=false");
        RegistryHttp.Reply reply = http.send("PUT", key, form("value", STARTED), RegistryHttp.FORM);
        if (reply.status() == 200 || reply.status() == 201) {
            return true;
        }
        if (reply.status() == 412 || reply.body().contains("\"errorCode\":" + NODE_EXIST)) {
            return false;
        }
        throw unexpected("claiming " + STATE_KEY, key, reply);
    }

    /** Step 3: the registered peer URLs but ours. */
    private List<String> registeredPeers() throws IOException, InterruptedException, ConfigException {
        URI dir = URI.create(tokenUrl + "?recursive=true");
        RegistryHttp.Reply reply = http.send("GET", dir, null, null);
        if (reply.status() != 200) {
            throw unexpected("listing the members", dir, reply);
        }
        try {
            return RegistryListing.peers(reply.body(), name);
        } catch (RegistryListing.NotAListing e) {
            throw new ConfigException("discovery: " + dir + " did not answer with a member listing: " + e.getMessage()
                    + "; check -discovery");
        }
    }

    /**
     * A 5xx is the service's trouble: thrown as an IOException, so it is retried. Any other unexpected answer is
     * returned as the ConfigException that stops start-up at once (retrying would get the same answer).
     */
    private static ConfigException unexpected(String step, URI uri, RegistryHttp.Reply reply) throws IOException {
        String what = "discovery: " + step + " at " + uri + " got HTTP " + reply.status() + ": "
                + RegistryHttp.shorten(reply.body());
        if (reply.status() >= 500) {
            throw new IOException(what);
        }
        return new ConfigException(what + "; check -discovery");
    }

    /** A step that talks to the service once. */
    interface Step<T> {
        T run() throws Exception;
    }

    /** Runs {@code step}, again after a wait while the service cannot be reached, {@link Retry#attempts} in all. */
    private <T> T retried(String what, Step<T> step) throws ConfigException, InterruptedException {
        String lastError = "";
        for (int attempt = 1; ; attempt++) {
            try {
                return step.run();
            } catch (ConfigException | InterruptedException e) {
                throw e;
            } catch (RegistryHttp.BadReply e) {
                throw new ConfigException(
                        "discovery: " + what + " at " + RedactedUrl.of(tokenUrl) + ": " + e.getMessage());
            } catch (Exception e) {
                String message = String.valueOf(e.getMessage());
                lastError = message.startsWith("discovery:")
                        ? message
                        : e.getClass().getSimpleName() + ": " + message;
            }
            if (attempt >= retry.attempts()) {
                throw new ConfigException("cannot use the discovery service at " + RedactedUrl.of(tokenUrl)
                        + " (-discovery): " + what + " failed " + attempt + " times; last error: " + lastError);
            }
            long waitMs = retry.nextWaitMs();
            LOG.warn(
                    "discovery: {} at {} failed (attempt {} of {}): {}; retrying in {} ms",
                    what,
                    RedactedUrl.of(tokenUrl),
                    attempt,
                    retry.attempts(),
                    lastError,
                    waitMs);
            Thread.sleep(waitMs);
        }
    }

    private static byte[] form(String key, String value) {
        return (key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    /** -discovery as a URI without a trailing slash; Flags already checked it, but it is checked again here. */
    static URI tokenUrl(String url) throws ConfigException {
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException("invalid -discovery URL \"" + url + "\": an http:// or https:// URL with a host"
                + " and no query is required, e.g. https://discovery.etcd.io/<token>");
    }
}
