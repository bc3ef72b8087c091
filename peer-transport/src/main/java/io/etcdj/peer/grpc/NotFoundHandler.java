package io.etcdj.peer.grpc;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The plain-HTTP side of the peer port when the server mounts nothing there: every request is a 404. */
final class NotFoundHandler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Response.writeError(request, response, callback, 404);
        return true;
    }
}
