package io.etcdj.server.http;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * -request-log: one INFO line per client HTTP request on the logger {@value #LOGGER}, written when the response
 * ends (a watch's line comes when the watch does), e.g. {@code GET /v2/keys/foo?wait&recursive 200 312 B 4 ms from
 * 127.0.0.1:53422}. Values never appear: bodies are not read, and of the query only the parameter names are kept
 * ({@code ?value=secret} is logged as {@code ?value}). The key path is logged: it is how an operator finds a request.
 */
public final class ClientRequestLog implements RequestLog {
    /** The logger's name, outside io.etcdj so that an operator can route or silence it on its own. */
    public static final String LOGGER = "etcdj.request";

    /** Longer paths are cut here: a 1 MiB key must not make a 1 MiB log line. */
    static final int MAX_PATH_CHARS = 512;

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    public void log(Request request, Response response) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime());
        LOG.info(
                "{} {} {} {} B {} ms from {}:{}",
                request.getMethod(),
                pathAndParameterNames(
                        request.getHttpURI().getPath(), request.getHttpURI().getQuery()),
                response.getStatus(),
                Response.getContentBytesWritten(response),
                elapsedMs,
                Request.getRemoteAddr(request),
                Request.getRemotePort(request));
    }

    /** The path (cut at {@link #MAX_PATH_CHARS}, control characters escaped) and the query's names, no values. */
    static String pathAndParameterNames(String path, String query) {
        StringBuilder sb = new StringBuilder();
        appendPrintable(sb, path == null ? "" : path, MAX_PATH_CHARS);
        if (query != null && !query.isEmpty()) {
            char separator = '?';
            for (String parameter : query.split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int equals = parameter.indexOf('=');
                sb.append(separator);
                appendPrintable(sb, equals < 0 ? parameter : parameter.substring(0, equals), 64);
                separator = '&';
            }
        }
        return sb.toString();
    }

    private static void appendPrintable(StringBuilder sb, String s, int maxChars) {
        int end = Math.min(s.length(), maxChars);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("%%%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > maxChars) {
            sb.append("...");
        }
    }
}
