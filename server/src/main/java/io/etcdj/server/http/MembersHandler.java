package io.etcdj.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.etcdj.peer.Member;
import io.etcdj.raft.MemberIds;
import io.etcdj.server.cluster.ClusterView;
import io.etcdj.server.cluster.ClusterView.MemberChange;
import io.etcdj.server.cluster.Reservations;
import io.etcdj.server.command.Proposer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * etcd 2's member API (etcd 3.4's {@code v2http} membersHandler), which {@code ETCDCTL_API=2 etcdctl member} uses:
 * GET lists the members and the peer URLs reserved for members to come, POST reserves one ("member add"), DELETE
 * removes a member or cancels a reservation. Errors are etcd 2's {@code {"message":...}} JSON. Writes are made on
 * the leader: a follower answers 307 to the leader's client URL, which etcd's Go client follows with method and body.
 * The list is read after a quorum read barrier, so a client that added a member through the leader and then lists
 * through a follower (etcd 2's etcdctl does exactly that: its POST follows the redirect, its GET stays on the
 * follower) sees its addition.
 */
final class MembersHandler {
    static final String PREFIX = "/v2/members";
    /** A create request is one short URL; anything near this is not one. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final long BODY_TIMEOUT_MS = 30_000;
    private static final JsonFactory JSON = new JsonFactory();

    private final ClusterView cluster;
    private final Proposer proposer;

    MembersHandler(ClusterView cluster, Proposer proposer) {
        this.cluster = cluster;
        this.proposer = proposer;
    }

    static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    void handle(Request request, Response response, Callback callback, String path) {
        String method = request.getMethod();
        String sub = path.equals(PREFIX) ? "" : path.substring(PREFIX.length() + 1);
        switch (method) {
            case "GET", "HEAD" -> {
                Content.Source.consumeAll(request, Callback.NOOP);
                get(sub, response, callback, method.equals("HEAD"));
            }
            case "POST" -> {
                if (!sub.isEmpty()) {
                    consumeAndError(request, response, callback, 404, "Not found");
                } else if (redirectUnlessLeader(request, response, callback, path)) {
                    add(request, response, callback);
                }
            }
            case "DELETE" -> {
                Content.Source.consumeAll(request, Callback.NOOP);
                if (sub.isEmpty()) {
                    Responses.methodNotAllowed(response, callback, "GET,POST");
                } else if (redirectUnlessLeader(request, response, callback, path)) {
                    remove(sub, response, callback);
                }
            }
            case "PUT" ->
                consumeAndError(
                        request,
                        response,
                        callback,
                        405,
                        "etcdj does not update peer URLs through this API: restart the member with its new -peer-addr"
                                + " (it republishes itself), or remove a reservation and add the new URL");
            default -> {
                Content.Source.consumeAll(request, Callback.NOOP);
                Responses.methodNotAllowed(response, callback, "GET,POST,DELETE,PUT");
            }
        }
    }

    private void get(String sub, Response response, Callback callback, boolean head) {
        switch (sub) {
            case "" ->
                proposer.readBarrier().whenComplete((caughtUp, noQuorum) -> {
                    // Without a quorum (no leader, a partition) the local list is still the best answer there is,
                    // as etcd 2 answered it locally.
                    Responses.json(response, callback, 200, list(), head);
                });
            case "leader" -> {
                Member leader = cluster.leader();
                if (leader == null) {
                    error(response, callback, 503, "During election");
                } else {
                    Responses.json(response, callback, 200, write(g -> member(g, leader)), head);
                }
            }
            default -> error(response, callback, 404, "Not found");
        }
    }

    private void add(Request request, Response response, Callback callback) {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String mediaType =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            consumeAndError(
                    request, response, callback, 415, "Bad Content-Type " + mediaType + ", accept application/json");
            return;
        }
        long length = request.getLength();
        if (length > MAX_BODY_BYTES) {
            tooLarge(response, callback);
            return;
        }
        byte[] body;
        try {
            body = Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).get(BODY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            if (length < 0) {
                tooLarge(response, callback); // chunked, and past the limit
            } else {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                error(response, callback, 400, "the request body was cut off");
            }
            return;
        } catch (TimeoutException slow) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            error(response, callback, 408, "the request body did not arrive within " + BODY_TIMEOUT_MS + " ms");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(response, callback, 503, "interrupted; try again");
            return;
        }
        String peerUrl;
        try {
            peerUrl = MemberCreateRequest.peerUrl(body);
        } catch (IllegalArgumentException invalid) {
            error(response, callback, 400, invalid.getMessage());
            return;
        }
        MemberChange change = cluster.reservePeerUrl(peerUrl);
        if (change.outcome() != MemberChange.Outcome.DONE) {
            refused(change, response, callback);
            return;
        }
        Reservations.Reservation r = change.reservation();
        Responses.json(response, callback, 201, write(g -> reservation(g, r)), false);
    }

    private void remove(String idText, Response response, Callback callback) {
        long id;
        try {
            id = Long.parseUnsignedLong(idText, 16);
        } catch (NumberFormatException notAnId) {
            error(response, callback, 404, "No such member: " + idText);
            return;
        }
        MemberChange change = cluster.removeById(id);
        if (change.outcome() != MemberChange.Outcome.DONE) {
            refused(change, response, callback);
            return;
        }
        response.setStatus(204);
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    private void refused(MemberChange change, Response response, Callback callback) {
        int status = switch (change.outcome()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            // 409, not 429: etcd's Go client shows the message of a 409 and only a status code for anything else.
            case CONFLICT, FULL -> 409;
            case UNAVAILABLE, DONE -> 503;
        };
        error(response, callback, status, change.message());
    }

    /** @return true when this member leads and should serve the write itself */
    private boolean redirectUnlessLeader(Request request, Response response, Callback callback, String path) {
        if (cluster.isLeader()) {
            return true;
        }
        Member leader = cluster.leader();
        Content.Source.consumeAll(request, Callback.NOOP);
        if (leader == null) {
            error(response, callback, 503, "no leader: an election is under way; try again");
        } else {
            Responses.redirect(response, callback, leader.clientUrl() + path);
        }
        return false;
    }

    private byte[] list() {
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("members");
            for (Member m : cluster.members()) {
                member(g, m);
            }
            for (Reservations.Reservation r : cluster.reservations()) {
                reservation(g, r);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void member(JsonGenerator g, Member m) throws IOException {
        entry(g, m.id(), m.name(), m.peerUrl(), m.clientUrl());
    }

    /** A member to come: no name and no client URL until it joins (etcd 2 lists an unstarted member so). */
    private static void reservation(JsonGenerator g, Reservations.Reservation r) throws IOException {
        entry(g, r.id(), "", r.peerUrl(), null);
    }

    private static void entry(JsonGenerator g, long id, String name, String peerUrl, String clientUrl)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("id", MemberIds.hex(id));
        g.writeStringField("name", name);
        g.writeArrayFieldStart("peerURLs");
        g.writeString(peerUrl);
        g.writeEndArray();
        g.writeArrayFieldStart("clientURLs");
        if (clientUrl != null) {
            g.writeString(clientUrl);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void tooLarge(Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        error(response, callback, 413, "request body too large; the limit is " + MAX_BODY_BYTES + " bytes");
    }

    private void consumeAndError(Request request, Response response, Callback callback, int status, String message) {
        Content.Source.consumeAll(request, Callback.NOOP);
        error(response, callback, status, message);
    }

    /** etcd 2's HTTPError: {@code {"message":...}} as JSON. */
    private static void error(Response response, Callback callback, int status, String message) {
        Responses.json(
                response,
                callback,
                status,
                write(g -> {
                    g.writeStartObject();
                    g.writeStringField("message", message);
                    g.writeEndObject();
                }),
                false);
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256);
                JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
