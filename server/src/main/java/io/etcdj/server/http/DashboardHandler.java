package io.etcdj.server.http;

import io.etcdj.peer.Member;
import io.etcdj.server.cluster.ClusterView;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The browser dashboard at {@code /dashboard/}: static files from the jar's {@code dashboard/} resource dir, nothing
 * else. A file name is one path segment of {@code [a-z0-9-]} plus a known extension, so no request can name a file
 * outside that dir (no {@code ..}, no {@code /}, no encoded tricks: the raw path must match as is); anything else is
 * 404.
 *
 * <p>Every answer carries {@code Content-Security-Policy: default-src 'self'} (no inline script, no other origin),
 * widened only by {@code connect-src} to the cluster members' own client URLs: a write made on a follower is answered
 * 307 to the leader's client URL, and the page follows it there (the members allow each other's client origins in
 * {@link Cors}). {@code Cache-Control: no-cache}: the browser revalidates, so an upgraded member serves its new page.
 */
public final class DashboardHandler {
    static final String PREFIX = "/dashboard";
    private static final String RESOURCE_DIR = "dashboard/";
    private static final Pattern FILE = Pattern.compile("/dashboard/([a-z0-9-]{1,64}\\.(html|js|css|svg|png))");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");
    /** The largest file served; the dashboard's files are a few KiB, so this only guards against a mistake. */
    private static final int MAX_FILE_BYTES = 1 << 20;

    private final Supplier<Set<String>> memberOrigins;

    /** @param memberOrigins the cluster members' client origins ({@code http://host:port}), read per request */
    public DashboardHandler(Supplier<Set<String>> memberOrigins) {
        this.memberOrigins = memberOrigins;
    }

    static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    void handle(String method, String path, Response response, Callback callback) {
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            Responses.methodNotAllowed(response, callback, "GET, HEAD");
            return;
        }
        if (path.equals(PREFIX)) {
            response.setStatus(301);
            response.getHeaders().put(HttpHeader.LOCATION, PREFIX + "/");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            response.write(true, java.nio.ByteBuffer.allocate(0), callback);
            return;
        }
        String file;
        String type;
        if (path.equals(PREFIX + "/")) {
            file = "index.html";
            type = TYPES.get("html");
        } else {
            Matcher m = FILE.matcher(path);
            if (!m.matches()) {
                Responses.notFound(response, callback);
                return;
            }
            file = m.group(1);
            type = TYPES.get(m.group(2));
        }
        byte[] bytes = read(file);
        if (bytes == null) {
            Responses.notFound(response, callback);
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("Content-Security-Policy", contentSecurityPolicy());
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        Responses.body(response, callback, bytes, head);
    }

    String contentSecurityPolicy() {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        connect.addAll(memberOrigins.get());
        return "default-src 'self'; connect-src " + String.join(" ", connect)
                + "; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /** The file's bytes, or null if the jar has no such file. */
    private static byte[] read(String file) {
        try (InputStream in = DashboardHandler.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IllegalStateException("dashboard file " + file + " is over " + MAX_FILE_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read dashboard file " + file + " from the jar", e);
        }
    }

    /** The client origins of the cluster's members now (those whose client URL is an http(s) URL). */
    public static Set<String> clientOrigins(ClusterView cluster) {
        Set<String> origins = new LinkedHashSet<>();
        for (Member m : cluster.members()) {
            String origin = originOf(m.clientUrl());
            if (origin != null) {
                origins.add(origin);
            }
        }
        return origins;
    }

    /** {@code http://host:port} of a URL, or null if it is not an absolute http(s) URL. */
    static String originOf(String url) {
        try {
            URI u = URI.create(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            String scheme = u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return null;
            }
            return scheme + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
