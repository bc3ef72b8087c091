package io.etcdj.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.etcdj.peer.Member;
import io.etcdj.server.cluster.ClusterView;
import io.etcdj.store.ErrorCode;
import io.etcdj.store.Store;
import io.etcdj.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** /version, /v2/machines, /v2/leader and /v2/stats/*: small answers about the node and the cluster. */
final class InfoHandler {
    static final String VERSION = "etcd 0.4.6";
    private static final JsonFactory JSON = new JsonFactory();

    private final Store store;
    private final ClusterView cluster;
    private final Clock clock;
    private final Instant startTime;

    InfoHandler(Store store, ClusterView cluster, Clock clock) {
        this.store = store;
        this.cluster = cluster;
        this.clock = clock;
        this.startTime = clock.instant();
    }

    /** @return false when the path is not one of ours */
    boolean handle(String path, String method, Response response, Callback callback) {
        boolean head = method.equals("HEAD");
        if (!path.equals("/version")
                && !path.equals("/v2/machines")
                && !path.equals("/v2/peers")
                && !path.equals("/v2/leader")
                && !path.startsWith("/v2/stats/")
                && !path.equals("/health")) {
            return false;
        }
        if (!head && !method.equals("GET")) {
            Responses.methodNotAllowed(response, callback, "GET, HEAD");
            return true;
        }
        switch (path) {
            case "/version" -> Responses.text(response, callback, 200, VERSION, head);
            case "/v2/machines", "/v2/peers" -> machines(response, callback, head);
            case "/v2/leader" -> leader(response, callback, head);
            // etcd 2's health check, which etcd-client's etcdctl (ETCDCTL_API=2) reads; its member API is
            // MembersHandler.
            case "/health" -> health(response, callback, head);
            case "/v2/stats/self" -> Responses.json(response, callback, 200, selfStats(), head);
            case "/v2/stats/store" -> Responses.json(response, callback, 200, storeStats(), head);
            case "/v2/stats/leader" -> leaderStatsOrRedirect(path, response, callback, head);
            default -> Responses.notFound(response, callback);
        }
        return true;
    }

    /**
     * etcd 2's health check: {@code {"health":"true"}} (200) while this member's loops run and a leader is known;
     * otherwise {@code {"health":"false","reason":...}} (503), as etcd 3.5 words it.
     */
    private void health(Response response, Callback callback, boolean head) {
        String problem = unhealthyReason();
        byte[] body = write(g -> {
            g.writeStringField("health", Boolean.toString(problem == null));
            if (problem != null) {
                g.writeStringField("reason", problem);
            }
        });
        Responses.json(response, callback, problem == null ? 200 : 503, body, head);
    }

    private String unhealthyReason() {
        String problem = cluster.loopProblem();
        if (problem == null && cluster.leader() == null) {
            problem = "no leader";
        }
        return problem;
    }

    private void machines(Response response, Callback callback, boolean head) {
        StringJoiner urls = new StringJoiner(", ");
        for (Member m : cluster.members()) {
            urls.add(m.clientUrl());
        }
        Responses.text(response, callback, 200, urls.toString(), head);
    }

    private void leader(Response response, Callback callback, boolean head) {
        Member leader = cluster.leader();
        if (leader == null) {
            Responses.error(response, callback, new StoreException(ErrorCode.LEADER_ELECT, null, store.index()), head);
            return;
        }
        Responses.text(response, callback, 200, leader.peerUrl(), head);
    }

    private byte[] selfStats() {
        return write(g -> {
            g.writeStringField("name", cluster.selfName());
            g.writeStringField("state", cluster.state());
            g.writeStringField("startTime", EtcdJson.rfc3339Nano(startTime));
            g.writeObjectFieldStart("leaderInfo");
            String leader = cluster.leaderName();
            g.writeStringField("leader", leader == null ? "" : leader);
            Instant since = cluster.leaderSince() == null ? startTime : cluster.leaderSince();
            g.writeStringField("uptime", GoDuration.format(Duration.between(since, clock.instant())));
            g.writeStringField("startTime", EtcdJson.rfc3339Nano(since));
            g.writeEndObject();
            g.writeNumberField("recvAppendRequestCnt", cluster.receivedAppends());
            g.writeNumberField("sendAppendRequestCnt", cluster.sentAppends());
            // Not in etcd 0.4 (clients ignore unknown fields, as they did etcd 2's additions): whether this member's
            // loops run, and how far it has applied, so an operator sees a stuck member here as in /health.
            String problem = unhealthyReason();
            g.writeStringField("health", Boolean.toString(problem == null));
            if (problem != null) {
                g.writeStringField("healthReason", problem);
            }
            g.writeNumberField("appliedIndex", cluster.appliedIndex());
        });
    }

    private byte[] storeStats() {
        return write(g -> {
            for (Map.Entry<String, Long> counter : store.stats().entrySet()) {
                g.writeNumberField(counter.getKey(), counter.getValue());
            }
        });
    }

    /** Only the leader has follower numbers; a follower sends the client there, as etcd 0.4 did. */
    private void leaderStatsOrRedirect(String path, Response response, Callback callback, boolean head) {
        if (cluster.isLeader()) {
            Responses.json(response, callback, 200, leaderStats(), head);
            return;
        }
        Member leader = cluster.leader();
        if (leader == null) {
            Responses.error(response, callback, new StoreException(ErrorCode.LEADER_ELECT, null, store.index()), head);
            return;
        }
        Responses.redirect(response, callback, leader.clientUrl() + path);
    }

    private byte[] leaderStats() {
        return write(g -> {
            g.writeStringField("leader", cluster.selfName());
            g.writeObjectFieldStart("followers");
            for (Map.Entry<String, ClusterView.FollowerStats> f :
                    cluster.followerStats().entrySet()) {
                ClusterView.FollowerStats s = f.getValue();
                g.writeObjectFieldStart(f.getKey());
                g.writeObjectFieldStart("latency");
                g.writeNumberField("current", s.current());
                g.writeNumberField("average", s.average());
                g.writeNumberField("standardDeviation", s.standardDeviation());
                g.writeNumberField("minimum", s.minimum());
                g.writeNumberField("maximum", s.maximum());
                g.writeEndObject();
                g.writeObjectFieldStart("counts");
                g.writeNumberField("fail", s.fail());
                g.writeNumberField("success", s.success());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Fields fields) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256);
                JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
