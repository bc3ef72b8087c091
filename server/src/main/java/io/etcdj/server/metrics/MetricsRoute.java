package io.etcdj.server.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics} (and HEAD) in Prometheus's text format 0.0.4, in front of a port's own routes; every other
 * path goes to the handler behind. It answers whatever the member's state (no leader, standby, starting): a scrape
 * is how an operator finds out about such states. Other methods get 405 with an Allow header.
 */
public final class MetricsRoute extends Handler.Wrapper {
    public static final String PATH = "/metrics";
    /** Prometheus's text format 0.0.4, the one every scraper and parser reads. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private final NodeMetrics metrics;

    public MetricsRoute(NodeMetrics metrics, Handler next) {
        super(next);
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(request.getHttpURI().getPath())) {
            return super.handle(request, response, callback);
        }
        Content.Source.consumeAll(request, Callback.NOOP);
        String method = request.getMethod();
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            byte[] body = "Method Not Allowed\n".getBytes(StandardCharsets.UTF_8);
            response.setStatus(405);
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        WRITER.write(out, metrics.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        byte[] body = out.toByteArray();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        return true;
    }
}
