package io.etcdj.server.http;

import io.etcdj.peer.Member;
import io.etcdj.server.cluster.ClusterView;
import io.etcdj.server.command.ApplyResult;
import io.etcdj.server.command.Proposer;
import io.etcdj.store.ErrorCode;
import io.etcdj.store.Event;
import io.etcdj.store.Store;
import io.etcdj.store.StoreException;
import io.etcdj.store.Watch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * A key API ({@link KeysApi}: /v2/keys, or v1's /v1/keys and /v1/watch): reads are served from the local store on
 * the request thread; writes go to the log and the request parks without a thread until the command is applied;
 * watches park the same way, and their events are written by the {@link WatchDispatcher}, bounded per watcher and per
 * node.
 */
final class KeysHandler {
    /** How often an idle watch connection is checked for a client that hung up. */
    static final long WATCH_PROBE_INTERVAL_MS = 10_000;

    private final Store store;
    private final Proposer proposer;
    private final ClusterView cluster;
    private final KeysApi api;
    private final int maxRequestBytes;

    /**
     * Finishes the answers to writes and quorum reads: a few pool threads draining them ({@link DrainingExecutor}),
     * or the apply thread itself at light load ({@link Proposer#answerExecutor}).
     */
    private final Executor answerExecutor;

    private final WatchDispatcher watches;
    private final IndexHeader etcdIndexHeader = new IndexHeader("X-Etcd-Index");
    private final IndexHeader raftIndexHeader = new IndexHeader("X-Raft-Index");
    private final IndexHeader raftTermHeader = new IndexHeader("X-Raft-Term");

    KeysHandler(
            Store store,
            Proposer proposer,
            ClusterView cluster,
            Clock clock,
            int maxRequestBytes,
            Executor responseExecutor) {
        this(store, proposer, cluster, clock, maxRequestBytes, responseExecutor, WatchLimits.defaults());
    }

    KeysHandler(
            Store store,
            Proposer proposer,
            ClusterView cluster,
            Clock clock,
            int maxRequestBytes,
            Executor responseExecutor,
            WatchLimits watchLimits) {
        this(store, proposer, cluster, new V2KeysApi(clock), maxRequestBytes, responseExecutor, watchLimits);
    }

    /**
     * @param api              which key API this is (its paths, parsing and JSON)
     * @param responseExecutor also runs watch delivery (encoding and writing events), off the apply thread
     * @param watchLimits      the bounds of this API's watchers
     */
    KeysHandler(
            Store store,
            Proposer proposer,
            ClusterView cluster,
            KeysApi api,
            int maxRequestBytes,
            Executor responseExecutor,
            WatchLimits watchLimits) {
        this.answerExecutor = proposer.answerExecutor(
                new DrainingExecutor(responseExecutor, Runtime.getRuntime().availableProcessors()));
        this.watches = new WatchDispatcher(responseExecutor, watchLimits, api::watchJson);
        this.cluster = cluster;
        this.store = store;
        this.proposer = proposer;
        this.api = api;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** What watch delivery has done (cut-offs, encodings, bytes held), for a metrics endpoint. */
    WatchStats watchStats() {
        return watches.stats();
    }

    /** True when {@code rawPath} (not yet decoded) is one of this API's. */
    boolean serves(String rawPath) {
        return api.rawKey(rawPath) != null;
    }

    void handle(Request request, Response response, Callback callback, String rawPath) {
        String method = request.getMethod();
        switch (method) {
            case "GET", "HEAD", "DELETE" -> dispatch(request, response, callback, rawPath, null);
            case "PUT", "POST" -> readBodyThenDispatch(request, response, callback, rawPath);
            default -> {
                Content.Source.consumeAll(request, Callback.NOOP);
                Responses.methodNotAllowed(response, callback, api.allowedMethods(rawPath));
            }
        }
    }

    private void readBodyThenDispatch(Request request, Response response, Callback callback, String rawPath) {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        boolean form = contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        long length = request.getLength();
        if (length > maxRequestBytes) {
            tooLarge(response, callback, length);
            return;
        }
        if (!form || length == 0) {
            // Like Go's ParseForm, only a url-encoded body carries parameters; anything else is ignored.
            Content.Source.consumeAll(request, Callback.NOOP);
            dispatch(request, response, callback, rawPath, null);
            return;
        }
        Content.Source.asByteArrayAsync(request, maxRequestBytes).whenComplete((bytes, failure) -> {
            if (failure != null) {
                tooLarge(response, callback, -1);
            } else {
                dispatch(request, response, callback, rawPath, bytes);
            }
        });
    }

    private void tooLarge(Response response, Callback callback, long length) {
        StoreException error = new StoreException(
                ErrorCode.INVALID_FORM,
                "request body too large" + (length > 0 ? " (" + length + " bytes)" : "") + "; the limit is "
                        + maxRequestBytes + " bytes (-max-request-bytes)",
                store.index());
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        Responses.errorWithStatus(response, callback, error, 413, false);
    }

    /** @param body the url-encoded form body as received, or null */
    private void dispatch(Request request, Response response, Callback callback, String rawPath, byte[] body) {
        boolean head = request.getMethod().equals("HEAD");
        KeyRequest parsed;
        try {
            String key;
            FormParams form;
            try {
                key = FormParams.decode(api.rawKey(rawPath), false);
                form = FormParams.ofRequest(request.getHttpURI().getQuery(), body);
            } catch (IllegalArgumentException malformed) {
                throw new StoreException(ErrorCode.INVALID_FORM, malformed.getMessage(), store.index());
            }
            parsed = api.parse(request.getMethod(), rawPath, key.isEmpty() ? "/" : key, form, store.index());
        } catch (StoreException invalid) {
            Responses.error(response, callback, invalid, head);
            return;
        }
        if (parsed == null) {
            Responses.methodNotAllowed(response, callback, api.allowedMethods(rawPath));
            return;
        }
        boolean needsLeader = parsed instanceof KeyRequest.Write || (parsed instanceof KeyRequest.Read r && r.quorum());
        if (needsLeader && !cluster.isLeader()) {
            redirectToLeader(request, response, callback, rawPath, head);
            return;
        }
        if (parsed instanceof KeyRequest.Read read) {
            if (read.quorum()) {
                proposer.readBarrier()
                        .whenCompleteAsync(
                                (ignored, failure) -> {
                                    if (failure != null) {
                                        raftFailure(response, callback, failure, head);
                                    } else {
                                        serveRead(read, response, callback, head);
                                    }
                                },
                                answerExecutor);
            } else {
                serveRead(read, response, callback, head);
            }
        } else if (parsed instanceof KeyRequest.Watch watch) {
            serveWatch(watch, request, response, callback, head);
        } else {
            serveWrite((KeyRequest.Write) parsed, response, callback, head);
        }
    }

    /** A follower sends writes and linearizable reads to the leader (etcd 0.4's 307); none known: error 301. */
    private void redirectToLeader(Request request, Response response, Callback callback, String rawPath, boolean head) {
        Member leader = cluster.leader();
        if (leader == null) {
            Responses.error(
                    response,
                    callback,
                    new StoreException(
                            ErrorCode.LEADER_ELECT, "no leader: an election is under way; try again", store.index()),
                    head);
            return;
        }
        String query = request.getHttpURI().getQuery();
        Responses.redirect(response, callback, leader.clientUrl() + rawPath + (query == null ? "" : "?" + query));
    }

    private void serveRead(KeyRequest.Read read, Response response, Callback callback, boolean head) {
        try {
            Event event = store.get(read.key(), read.recursive(), read.sorted());
            indexHeaders(response, event.index());
            Responses.json(response, callback, 200, api.readJson(event), head);
        } catch (StoreException e) {
            Responses.error(response, callback, e, head);
        }
    }

    private void serveWrite(KeyRequest.Write write, Response response, Callback callback, boolean head) {
        // Async: under load, JSON and the socket write happen on request threads, in parallel, not on the apply thread.
        proposer.propose(write.command())
                .whenCompleteAsync(
                        (result, failure) -> {
                            if (failure != null) {
                                raftFailure(response, callback, failure, head);
                            } else {
                                answerWrite(result, response, callback, head);
                                proposer.writeAnswered(result.raftIndex());
                            }
                        },
                        answerExecutor);
    }

    private void answerWrite(ApplyResult result, Response response, Callback callback, boolean head) {
        if (result.error() != null) {
            Responses.error(response, callback, result.error(), head);
            return;
        }
        Event event = result.event();
        indexHeaders(response, event.index());
        Responses.json(response, callback, api.writeStatus(event), api.writeJson(event), head);
    }

    private void raftFailure(Response response, Callback callback, Throwable failure, boolean head) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String message = cause instanceof TimeoutException
                ? "timed out waiting for the cluster to commit the request"
                : cause.getMessage();
        Responses.error(response, callback, new StoreException(ErrorCode.RAFT_INTERNAL, message, store.index()), head);
    }

    private void serveWatch(
            KeyRequest.Watch spec, Request request, Response response, Callback callback, boolean head) {
        long startIndex = store.index();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Responses.JSON);
        indexHeaders(response, startIndex);
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        WatchStream stream = watches.open(
                spec.key(),
                spec.stream(),
                head,
                WatchOutput.of(
                        response, callback, endPoint, request.getComponents().getScheduler()));
        // Everything that touches the request is set up BEFORE the watch is registered: once it is, an event may
        // complete the response on the delivery thread at any moment, and a finished request must not be touched.
        // Watches wait as long as the client does: only a closed connection ends them. Jetty does not read a
        // connection whose request is parked, so a hang-up is found by probing it for EOF whenever it is idle.
        long keepAliveIdleMs = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(WATCH_PROBE_INTERVAL_MS);
        Request.addCompletionListener(request, done -> endPoint.setIdleTimeout(keepAliveIdleMs));
        request.addIdleTimeoutListener(timeout -> {
            if (clientHungUp(endPoint)) {
                stream.clientGone(timeout);
                return true;
            }
            return false;
        });
        request.addFailureListener(stream::clientGone);
        Watch watch;
        try {
            // The store calls this on the apply thread: it only queues the event for the delivery thread.
            watch = store.watch(
                    spec.key(),
                    spec.recursive(),
                    spec.stream(),
                    spec.waitIndex(),
                    event -> watches.handOff(event, stream));
        } catch (StoreException cleared) {
            stream.abandon();
            endPoint.setIdleTimeout(keepAliveIdleMs);
            Responses.error(response, callback, api.watchRefused(cleared, spec.key()), head);
            return;
        }
        stream.attach(watch);
        stream.start();
    }

    /**
     * True when the client closed its side. A parked watch's client sends nothing more (HTTP/1.1 clients do not
     * pipeline behind a long poll), so reading here takes no request bytes; if some arrive anyway the connection is
     * not reusable and is closed with the watch.
     */
    private static boolean clientHungUp(EndPoint endPoint) {
        try {
            ByteBuffer probe = BufferUtil.allocate(64);
            return endPoint.fill(probe) != 0;
        } catch (IOException e) {
            return true;
        }
    }

    private void indexHeaders(Response response, long etcdIndex) {
        response.getHeaders().put(etcdIndexHeader.field(etcdIndex));
        response.getHeaders().put(raftIndexHeader.field(proposer.commitIndex()));
        response.getHeaders().put(raftTermHeader.field(proposer.term()));
    }
}
