package io.etcdj.server.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discovery service's requests, as discovery.etcd.io served them in 2014 (handlers/new.go, token.go):
 * {@code GET /new} makes a token and its directory {@code /_etcd/registry/<token>} in the backend and answers the
 * token URL as text; {@code /<token>} and {@code /<token>/<name>} (GET, PUT, DELETE) are passed to the backend's
 * {@code /v2/keys/_etcd/registry/<token>[/<name>]} with their query and form body, and the backend's status,
 * {@code X-Etcd-Index} and body come back. {@code ?size=N} on /new is accepted and ignored, as in 2014 (the size
 * key is etcd 2's protocol). At most {@link #MAX_IN_FLIGHT} requests are passed on at once (more get 503), and a
 * request body over {@link #MAX_BODY_BYTES} gets 413.
 */
final class TokenProxy extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(TokenProxy.class);
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_IN_FLIGHT = 64;
    static final String REGISTRY = "/v2/keys/_etcd/registry/";
    /** A token, then at most one more segment: a member name (percent-encoded as the client sent it). */
    private static final Pattern TOKEN_PATH = Pattern.compile("/([0-9a-f]{32})(?:/([^/]*))?/?");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._~%!$&'()*+,;=:@-]{1,765}");

    private final RegistryHttp backend;
    private final String backendUrl;
    private final String publicUrl;
    private final SecureRandom random = new SecureRandom();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    /**
     * @param backendUrl the etcd the registry lives in, e.g. {@code http://127.0.0.1:4001}
     * @param publicUrl  what token URLs start with, e.g. {@code http://127.0.0.1:8087}
     */
    TokenProxy(RegistryHttp backend, String backendUrl, String publicUrl) {
        this.backend = backend;
        this.backendUrl = stripSlash(backendUrl);
        this.publicUrl = stripSlash(publicUrl);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!inFlight.tryAcquire()) {
            text(response, callback, 503, "too many requests in flight; try again\n");
            return true;
        }
        try {
            route(request, response, callback);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            text(response, callback, 503, "the service is stopping\n");
        } catch (IOException e) {
            LOG.warn("discovery: the backend {} failed: {}", backendUrl, e.toString());
            text(response, callback, 502, "the registry backend failed: " + RegistryHttp.shorten(e.toString()) + "\n");
        } finally {
            inFlight.release();
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback) throws IOException, InterruptedException {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        if ("/new".equals(path) || "/new/".equals(path)) {
            if (!method.equals("GET")) {
                refuseMethod(request, response, callback);
                return;
            }
            newToken(response, callback);
            return;
        }
        Matcher m = TOKEN_PATH.matcher(rawPath(request));
        if (!m.matches()) {
            text(response, callback, 404, "404 page not found\n");
            return;
        }
        String name = m.group(2);
        if (name != null
                && !name.isEmpty()
                && (!NAME.matcher(name).matches() || name.equals(".") || name.equals(".."))) {
            text(response, callback, 400, "bad member name in the path\n");
            return;
        }
        if (!method.equals("GET") && !method.equals("PUT") && !method.equals("DELETE")) {
            refuseMethod(request, response, callback);
            return;
        }
        long length = request.getLength();
        if (length > MAX_BODY_BYTES) {
            text(response, callback, 413, "request body larger than " + MAX_BODY_BYTES + " bytes\n");
            return;
        }
        byte[] body = readBody(request);
        if (body == null) {
            text(response, callback, 413, "request body larger than " + MAX_BODY_BYTES + " bytes\n");
            return;
        }
        String query = request.getHttpURI().getQuery();
        URI target = URI.create(backendUrl
                + REGISTRY
                + m.group(1)
                + (name == null || name.isEmpty() ? "" : "/" + name)
                + (query == null ? "" : "?" + query));
        RegistryHttp.Reply reply = backend.send(
                method,
                target,
                body.length == 0 && method.equals("GET") ? null : body,
                request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        response.setStatus(reply.status());
        if (reply.etcdIndex() != null) {
            response.getHeaders().put("X-Etcd-Index", reply.etcdIndex());
        }
        response.getHeaders()
                .put(HttpHeader.CONTENT_TYPE, reply.contentType() == null ? "application/json" : reply.contentType());
        Content.Sink.write(response, true, reply.body(), callback);
    }

    /** {@code GET /new}: a token from SecureRandom (16 bytes, 32 hex digits) and its directory in the backend. */
    private void newToken(Response response, Callback callback) throws IOException, InterruptedException {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        URI dir = URI.create(backendUrl + REGISTRY + token + "?dir=true&prevExist=false");
        RegistryHttp.Reply reply = backend.send("PUT", dir, new byte[0], RegistryHttp.FORM);
        if (reply.status() != 201) {
            LOG.warn(
                    "discovery: creating {} in the backend got HTTP {}: {}",
                    dir,
                    reply.status(),
                    RegistryHttp.shorten(reply.body()));
            text(response, callback, 500, "Unable to generate token\n");
            return;
        }
        LOG.info("discovery: new token {}", token);
        text(response, callback, 200, publicUrl + "/" + token);
    }

    /** The path as sent (still percent-encoded), so a name is passed on exactly as the client spelled it. */
    private static String rawPath(Request request) {
        String raw = request.getHttpURI().getPath();
        return raw == null ? "" : raw;
    }

    /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            return bytes.length > MAX_BODY_BYTES ? null : bytes;
        }
    }

    /**
     * 405, after reading a body small enough to accept: answering and closing with the client's bytes still unread
     * makes the kernel reset the connection, which can destroy the answer before the client reads it (seen in CI as
     * "header parser received no bytes" for a refused POST).
     */
    private void refuseMethod(Request request, Response response, Callback callback)
            throws IOException, InterruptedException {
        if (request.getLength() <= MAX_BODY_BYTES) {
            readBody(request);
        }
        text(response, callback, 405, "method not allowed\n");
    }

    private static void text(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, text, callback);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
