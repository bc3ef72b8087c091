package io.etcdj.server.http;

import io.etcdj.server.cluster.ClusterView;
import io.etcdj.server.command.Proposer;
import io.etcdj.store.Store;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the client port (4001): /v2/keys, /version, /v2/machines, /v2/leader, /v2/stats/*, /v2/members, and etcd
 * 0.4.6's legacy v1 API (/v1/keys, /v1/watch, and /v1/leader, /v1/machines, /v1/peers, /v1/stats/* answered as their
 * /v2 twins), and the browser dashboard at /dashboard/.
 */
public final class ClientHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);
    private final KeysHandler keys;
    private final KeysHandler v1Keys;
    private final InfoHandler info;
    private final MembersHandler members;
    private final DashboardHandler dashboard;

    /** @param responseExecutor finishes write responses, so the apply thread only applies */
    public ClientHandler(
            Store store,
            Proposer proposer,
            ClusterView cluster,
            Clock clock,
            int maxRequestBytes,
            Executor responseExecutor) {
        this.keys = new KeysHandler(store, proposer, cluster, clock, maxRequestBytes, responseExecutor);
        this.v1Keys = new KeysHandler(
                store,
                proposer,
                cluster,
                new V1KeysApi(clock),
                maxRequestBytes,
                responseExecutor,
                V1Routes.watchLimits(WatchLimits.defaults()));
        this.info = new InfoHandler(store, cluster, clock);
        this.members = new MembersHandler(cluster, proposer);
        this.dashboard = new DashboardHandler(() -> DashboardHandler.clientOrigins(cluster));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        // The raw (still percent-encoded) path: the key is decoded and cleaned by us, the way etcd does it.
        String path = request.getHttpURI().getPath();
        try {
            if (keys.serves(path)) {
                keys.handle(request, response, callback, path);
            } else if (v1Keys.serves(path)) {
                v1Keys.handle(request, response, callback, path);
            } else if (MembersHandler.owns(path)) {
                members.handle(request, response, callback, path);
            } else if (DashboardHandler.owns(path)) {
                dashboard.handle(request.getMethod(), path, response, callback);
            } else if (!info.handle(V1Routes.infoPath(path), request.getMethod(), response, callback)) {
                Responses.notFound(response, callback);
            }
        } catch (RuntimeException bug) {
            // Never a stack trace to the client; the operator gets it in the log.
            LOG.error("{} {} failed", request.getMethod(), path, bug);
            if (!response.isCommitted()) {
                Responses.text(response, callback, 500, "internal error; see the server log\n", false);
            } else {
                callback.failed(bug);
            }
        }
        return true;
    }
}
