package io.etcdj.server.http;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * etcd 0.4.6's CORS wrapper (http/cors.go), put in front of the client port and the peer port's plain-HTTP routes:
 * a browser page served from an allowed origin may read, write and watch keys.
 *
 * <p>As in 0.4.6: with {@code *} every response carries {@code Access-Control-Allow-Origin: *} (whatever the
 * request's Origin, or none); otherwise a response to a request whose {@code Origin} is in the list echoes that
 * origin, and a request from any other origin is served normally without CORS headers (the browser then hides the
 * answer from the page; 0.4.6 did not refuse it either). {@code OPTIONS} (a browser's preflight) is answered 200
 * with no body on every path, also without {@code -cors}, because 0.4.6 always installed the wrapper.
 *
 * <p>The headers are set before the wrapped handler runs, so they are on every answer it gives, including watches
 * whose head is sent long before their body. Beyond 0.4.6, {@code Access-Control-Expose-Headers} names the index
 * headers so that a page's script can read {@code X-Etcd-Index} (to resume a watch from it), and a response that
 * echoes one origin says {@code Vary: Origin} so that a shared cache does not hand it to another origin.
 */
public final class Cors extends Handler.Wrapper {
    static final String ALLOW_METHODS = "POST, GET, OPTIONS, PUT, DELETE";
    static final String ALLOW_HEADERS = "accept, content-type";
    static final String EXPOSE_HEADERS = "X-Etcd-Index, X-Raft-Index, X-Raft-Term";

    private final boolean anyOrigin;
    private final Set<String> origins;
    private final Supplier<Set<String>> memberOrigins;

    /** @param origins -cors: exact origins ({@code http://host:port}) or {@code *}; empty allows none */
    public Cors(List<String> origins, Handler next) {
        this(origins, Set::of, next);
    }

    /**
     * @param memberOrigins also allowed, whatever -cors says: the cluster members' own client origins (read per
     *     request). The dashboard served by a follower follows a write's 307 to the leader's client URL, another
     *     origin; those origins serve only this API and the dashboard, so allowing them lets no foreign page in.
     */
    public Cors(List<String> origins, Supplier<Set<String>> memberOrigins, Handler next) {
        super(next);
        this.anyOrigin = origins.contains("*");
        this.origins = Set.copyOf(origins);
        this.memberOrigins = memberOrigins;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String allowed = allowedOrigin(request.getHeaders().get(HttpHeader.ORIGIN));
        if (allowed != null) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS);
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS);
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE_HEADERS);
            if (!anyOrigin) {
                response.getHeaders().add(HttpHeader.VARY, "Origin");
            }
        }
        if (request.getMethod().equals("OPTIONS")) {
            Content.Source.consumeAll(request, Callback.NOOP);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            response.write(true, ByteBuffer.allocate(0), callback);
            return true;
        }
        return super.handle(request, response, callback);
    }

    /** The value of Access-Control-Allow-Origin for a request from {@code origin}, or null for none. */
    String allowedOrigin(String origin) {
        if (anyOrigin) {
            return "*";
        }
        if (origin == null) {
            return null;
        }
        return origins.contains(origin) || memberOrigins.get().contains(origin) ? origin : null;
    }
}
