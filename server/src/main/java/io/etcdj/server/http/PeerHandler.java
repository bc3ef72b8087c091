package io.etcdj.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.etcdj.peer.Member;
import io.etcdj.server.cluster.ClusterView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
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
    private final ClusterView cluster;

    public PeerHandler(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        boolean head = method.equals("HEAD");
        Content.Source.consumeAll(request, Callback.NOOP);
        switch (path) {
            case "/name" -> Responses.text(response, callback, 200, cluster.selfName(), head);
            case "/version" -> Responses.text(response, callback, 200, "2", head);
            case "/v2/admin/config" ->
                Responses.json(
                        response,
                        callback,
                        200,
                        "{\"activeSize\":9,\"removeDelay\":1800,\"syncInterval\":5}".getBytes(),
                        head);
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
