package io.etcdj.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.etcdj.peer.Member;
import io.etcdj.server.cluster.ClusterConfig;
import io.etcdj.server.cluster.ClusterView;
import io.etcdj.server.config.ServerConfig.ActiveSet;
import io.etcdj.store.ErrorCode;
import io.etcdj.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The plain-HTTP part of the peer port (7001) as etcd 0.4.6 serves it: /name, /version, and the admin API
 * /v2/admin/config and /v2/admin/machines read by operators (the tutorial's curl examples).
 */
public final class PeerHandler extends Handler.Abstract {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String MACHINES_PREFIX = "/v2/admin/machines/";
    private static final String CONFIG_PATH = "/v2/admin/config";
    /** How long a PUT of the config waits for its entry to commit and apply. */
    private static final long CONFIG_WRITE_TIMEOUT_MS = 10_000;

    private final ClusterView cluster;

    public PeerHandler(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        boolean head = method.equals("HEAD");
        if (path.equals(CONFIG_PATH) && method.equals("PUT")) {
            putConfig(request, response, callback);
            return true;
        }
        Content.Source.consumeAll(request, Callback.NOOP);
        switch (path) {
            case "/name" -> Responses.text(response, callback, 200, cluster.selfName(), head);
            case "/version" -> Responses.text(response, callback, 200, "2", head);
            case CONFIG_PATH -> {
                if (method.equals("GET") || head) {
                    Responses.json(response, callback, 200, configJson(cluster.clusterConfig()), head);
                } else {
                    Responses.methodNotAllowed(response, callback, "GET, HEAD, PUT");
                }
            }
            case "/v2/admin/machines" -> Responses.json(response, callback, 200, machines(null), head);
            default -> {
                if (path.startsWith(MACHINES_PREFIX) && path.length() > MACHINES_PREFIX.length()) {
                    machine(path.substring(MACHINES_PREFIX.length()), method, response, callback, head);
                } else {
                    Responses.notFound(response, callback);
                }
            }
        }
        return true;
    }

    private static byte[] configJson(ActiveSet config) {
        return ClusterConfig.toJson(config).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * PUT /v2/admin/config: partial JSON over the current config, written through the log by the leader; a follower
     * redirects to the leader's peer URL (307, as 0.4.6 did, so {@code curl -L} follows). Echoes the whole config.
     */
    private void putConfig(Request request, Response response, Callback callback) {
        byte[] body;
        try {
            body = Content.Source.asByteArrayAsync(request, ClusterConfig.MAX_BODY_BYTES)
                    .get(CONFIG_WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            badConfig(response, callback, "interrupted while reading the body");
            return;
        } catch (ExecutionException | TimeoutException e) {
            badConfig(
                    response,
                    callback,
                    "the body could not be read (at most " + ClusterConfig.MAX_BODY_BYTES + " bytes, within "
                            + CONFIG_WRITE_TIMEOUT_MS + " ms)");
            return;
        }
        if (!cluster.isLeader()) {
            Member leader = cluster.leader();
            if (leader == null) {
                Responses.error(
                        response,
                        callback,
                        new StoreException(ErrorCode.RAFT_INTERNAL, "no leader is known yet; try again", 0),
                        false);
            } else {
                Responses.redirect(response, callback, leader.peerUrl() + CONFIG_PATH);
            }
            return;
        }
        ActiveSet next;
        try {
            next = ClusterConfig.patch(cluster.clusterConfig(), body);
        } catch (IllegalArgumentException e) {
            badConfig(response, callback, e.getMessage());
            return;
        }
        try {
            cluster.setClusterConfig(next).get(CONFIG_WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Responses.error(response, callback, new StoreException(ErrorCode.RAFT_INTERNAL, "interrupted", 0), false);
            return;
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof ExecutionException
                    ? String.valueOf(e.getCause().getMessage())
                    : "timed out";
            Responses.error(
                    response,
                    callback,
                    new StoreException(ErrorCode.RAFT_INTERNAL, "the config was not written: " + why, 0),
                    false);
            return;
        }
        Responses.json(response, callback, 200, configJson(next), false);
    }

    private static void badConfig(Response response, Callback callback, String why) {
        Responses.error(response, callback, new StoreException(ErrorCode.INVALID_FIELD, why, 0), false);
    }

    /** GET one machine; DELETE removes it from the cluster (etcd 0.4.6's way to shrink a cluster). */
    private void machine(String name, String method, Response response, Callback callback, boolean head) {
        boolean known = cluster.members().stream().anyMatch(m -> m.name().equals(name));
        if (!known) {
            Responses.notFound(response, callback);
            return;
        }
        switch (method) {
            case "GET", "HEAD" -> {
                byte[] list = machines(name);
                // The array of one, without its brackets.
                Responses.json(response, callback, 200, Arrays.copyOfRange(list, 1, list.length - 1), head);
            }
            case "DELETE" -> {
                String refused = cluster.removeMember(name);
                if (refused == null) {
                    Responses.text(response, callback, 200, "", false);
                } else {
                    Responses.text(response, callback, 500, refused + "\n", false);
                }
            }
            default -> Responses.methodNotAllowed(response, callback, "GET, HEAD, DELETE");
        }
    }

    private byte[] machines(String only) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256);
                JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            String leader = cluster.leaderName();
            for (Member m : cluster.members()) {
                if (only != null && !only.equals(m.name())) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("name", m.name());
                g.writeStringField("state", m.name().equals(leader) ? "leader" : "follower");
                g.writeStringField("clientURL", m.clientUrl());
                g.writeStringField("peerURL", m.peerUrl());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
