package io.etcdj.server.node;

import io.etcdj.server.http.EtcdJson;
import io.etcdj.store.ErrorCode;
import io.etcdj.store.StoreException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The client port of a member that may be a standby. While it is one, every request is answered as etcd 0.4.6's
 * standby answered it: 307 to the leader's client URL with the same path and query ({@code curl -L} follows, and
 * re-sends a PUT's body), or, with no leader known, error 402 "Standby Internal Error" (HTTP 400, 0.4.6's error
 * table). Once promoted, requests go to the member's ordinary client handler (started with the server from the
 * beginning, so nothing is started or swapped in while serving).
 */
final class StandbyGate extends Handler.Wrapper {
    private final Standby standby;

    StandbyGate(Handler member, Standby standby) {
        super(member);
        this.standby = standby;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!standby.isStandby()) {
            return super.handle(request, response, callback);
        }
        Content.Source.consumeAll(request, Callback.NOOP);
        String leaderClientUrl = standby.leaderClientUrl();
        if (leaderClientUrl == null) {
            byte[] body = EtcdJson.error(
                    new StoreException(ErrorCode.STANDBY_INTERNAL, "this standby knows no leader yet; try again", 0));
            response.setStatus(400);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
        String query = request.getHttpURI().getQuery();
        String location = leaderClientUrl + request.getHttpURI().getPath() + (query == null ? "" : "?" + query);
        response.setStatus(307);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, ByteBuffer.allocate(0), callback);
        return true;
    }
}
