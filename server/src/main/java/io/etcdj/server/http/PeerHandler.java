package io.etcdj.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The plain-HTTP part of the peer port (7001) as etcd 0.4.6 serves it: /name, /version, and the admin API
 * /v2/admin/config and /v2/admin/machines read by operators (the tutorial's curl examples).
 */
public final class PeerHandler extends Handler.Abstract {
    private static final JsonFactory JSON = new JsonFactory();
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
            case "/v2/admin/config" -> Responses.json(response, callback, 200,
                    "{\"activeSize\":9,\"removeDelay\":1800,\"syncInterval\":5}".getBytes(), head);
            case "/v2/admin/machines" -> Responses.json(response, callback, 200, machines(), head);
            default -> Responses.notFound(response, callback);
        }
        return true;
    }

    private byte[] machines() {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256); JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            String leader = cluster.leaderName();
            for (ClusterView.Member m : cluster.members()) {
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
