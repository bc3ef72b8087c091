package io.etcdj.server.http;

import io.etcdj.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small helpers to finish a response the way etcd does. */
final class Responses {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";
    /** Encoded once: every key response carries it. */
    private static final HttpField JSON_CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, JSON);

    private Responses() {}

    static void error(Response response, Callback callback, StoreException error, boolean head) {
        errorWithStatus(response, callback, error, HttpErrors.status(error.errorCode()), head);
    }

    static void errorWithStatus(Response response, Callback callback, StoreException error, int status, boolean head) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.getHeaders().put("X-Etcd-Index", Long.toString(error.index()));
        body(response, callback, EtcdJson.error(error), head);
    }

    static void text(Response response, Callback callback, int status, String text, boolean head) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
        body(response, callback, text.getBytes(StandardCharsets.UTF_8), head);
    }

    static void json(Response response, Callback callback, int status, byte[] json, boolean head) {
        response.setStatus(status);
        response.getHeaders().put(JSON_CONTENT_TYPE);
        body(response, callback, json, head);
    }

    static void body(Response response, Callback callback, byte[] bytes, boolean head) {
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
    }

    /** Go's http.NotFound. */
    /** etcd 0.4's 307 Temporary Redirect (to the leader); clients re-send the method and body there. */
    static void redirect(Response response, Callback callback, String location) {
        response.setStatus(307);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    static void notFound(Response response, Callback callback) {
        text(response, callback, 404, "404 page not found\n", false);
    }

    static void methodNotAllowed(Response response, Callback callback, String allowed) {
        response.getHeaders().put(HttpHeader.ALLOW, allowed);
        text(response, callback, 405, "Method Not Allowed\n", false);
    }
}
