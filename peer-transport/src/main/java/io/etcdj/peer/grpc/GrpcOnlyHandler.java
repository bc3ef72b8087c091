package io.etcdj.peer.grpc;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Passes gRPC requests (content type {@code application/grpc...}) to the wrapped servlet context and declines every
 * other request, so the next handler of the sequence (plain HTTP/1.1 JSON) gets it. The content type, not the path,
 * decides: it is what marks a gRPC call on any HTTP version.
 */
final class GrpcOnlyHandler extends Handler.Wrapper {

    GrpcOnlyHandler(Handler grpc) {
        super(grpc);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !contentType.startsWith("application/grpc")) {
            return false;
        }
        return super.handle(request, response, callback);
    }
}
