package io.etcdj.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself (a request line it cannot parse, headers too large...): a short JSON body in etcd's
 * shape with no stack trace and no server version.
 */
public final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 400;
        String reason = HttpStatus.getMessage(status);
        String body = "{\"errorCode\":" + (status >= 500 ? 300 : 210) + ",\"message\":\""
                + (status >= 500 ? "Raft Internal Error" : "Invalid POST form") + "\",\"cause\":\""
                + reason.replace("\"", "'") + "\",\"index\":0}\n";
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Responses.JSON);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
