package io.etcdj.server.http;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Plain key reads and key writes are handled on the thread that parsed them (Jetty's selector thread; or a pool thread
 * when Jetty itself gave it the connection, because the previous request's answer was written from another thread and
 * the next request had already arrived); every other request goes to the thread pool, as Jetty would have sent it.
 * Declaring the handler non-blocking is what lets Jetty call it on the selector, which saves a hand-off to a pool
 * thread (an unpark, a wake, a park) per request:
 * <ul>
 *   <li>a GET: 38 µs of server CPU against 58 µs (one member, 64 connections, `bench/run`; etcd 3.4: 80 µs);
 *   <li>a write (the handler only reads its form body and queues the proposal; the answer is written later by the
 *       thread that applied it, or the pool): six interleaved pairs of runs, medians, 256 B values, writes/s one
 *       member at 64 connections 22,400 -> 23,750 (server CPU per write 53.9 -> 51.3 µs), three members 6,950 ->
 *       7,900 at 64 and 10,550 -> 13,250 at 256 (three more pairs at 256 alone were within the noise: 12,600 against
 *       11,000 over all nine).
 * </ul>
 *
 * <p>Only requests that never wait run inline: {@code GET}/{@code HEAD} of {@code /v2/keys/...} without a query
 * (served from the local store, or a 307 to the leader), or with only {@code quorum=true} (which registers for a read
 * round and is answered later, when the round is confirmed and applied), and {@code PUT}/{@code POST}/{@code DELETE} of
 * {@code /v2/keys/...} (the body is read without blocking: if it has not all arrived, Jetty calls back when it has;
 * then a proposal is queued, or a follower answers 307, or an error is answered). Watches, recursive listings, the
 * admin, members, stats, v1 and dashboard routes all go to the pool, so nothing that blocks, or that may take long (a
 * recursive listing of a large tree), runs on the selector. A plain GET of a directory lists only its direct
 * children, and a write's body is at most -max-request-bytes: either delays the selector's other connections by its
 * encoding or parsing time, no more.
 */
final class InlineKeyRequests extends Handler.Wrapper {
    private final Executor pool;

    InlineKeyRequests(Handler handler, Executor pool) {
        super(handler);
        this.pool = pool;
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (runsInline(request)) {
            return super.handle(request, response, callback);
        }
        try {
            pool.execute(() -> handleOnPool(request, response, callback));
        } catch (RejectedExecutionException full) {
            Response.writeError(request, response, callback, 503, "the server is overloaded; try again");
        }
        return true;
    }

    private void handleOnPool(Request request, Response response, Callback callback) {
        try {
            if (!super.handle(request, response, callback)) {
                Response.writeError(request, response, callback, 404);
            }
        } catch (Throwable t) {
            Response.writeError(request, response, callback, t);
        }
    }

    static boolean runsInline(Request request) {
        String path = request.getHttpURI().getPath();
        if (path == null || !path.startsWith("/v2/keys/")) {
            return false;
        }
        String method = request.getMethod();
        if (HttpMethod.PUT.is(method) || HttpMethod.POST.is(method) || HttpMethod.DELETE.is(method)) {
            return true;
        }
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            return false;
        }
        String query = request.getHttpURI().getQuery();
        return query == null || query.isEmpty() || query.equals("quorum=true") || query.equals("consistent=true");
    }
}
