package io.etcdj.server.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP exchange with a discovery service or an etcd behind it. Redirects are followed here, not by the JDK:
 * etcd's followers answer writes with 307 to the leader, and the form body must be sent again to the new address
 * (the JDK client also refuses https -> http hops, which a test cluster may need). Every reply body is read up to
 * {@link #MAX_BODY_BYTES}; a larger one is refused, so a hostile or broken server cannot fill the heap.
 */
final class RegistryHttp {
    static final int MAX_BODY_BYTES = 1 << 20;
    static final int MAX_REDIRECTS = 5;
    static final String FORM = "application/x-www-form-urlencoded";

    /** A reply: its status, its body as text and the headers callers pass on (null when absent). */
    record Reply(int status, String body, String etcdIndex, String contentType) {}

    /** The server answered, but not with something we can use (too large, a redirect loop, a bad Location). */
    static final class BadReply extends IOException {
        BadReply(String message) {
            super(message);
        }
    }

    private final HttpClient client;
    private final Duration requestTimeout;

    RegistryHttp(HttpClient client, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /** HTTP/1.1 (etcd 0.4 spoke nothing else), the JDK's default trust store for https, no automatic redirects. */
    static RegistryHttp standard(Duration connectTimeout, Duration requestTimeout) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new RegistryHttp(client, requestTimeout);
    }

    /**
     * Sends {@code method uri} with {@code body} (null: none) and follows up to {@link #MAX_REDIRECTS} redirects with
     * the same method and body.
     *
     * @throws BadReply    the reply cannot be used (see the class comment)
     * @throws IOException the server could not be reached or the exchange broke
     */
    Reply send(String method, URI uri, byte[] body, String contentType) throws IOException, InterruptedException {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(requestTimeout);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
                request.header("Content-Type", contentType == null ? FORM : contentType);
            }
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (isRedirect(status)) {
                response.body().close();
                if (hop >= MAX_REDIRECTS) {
                    throw new BadReply("more than " + MAX_REDIRECTS + " redirects from " + RedactedUrl.of(uri));
                }
                target = location(target, response);
                continue;
            }
            String text = readBounded(response.body(), target);
            return new Reply(
                    status,
                    text,
                    response.headers().firstValue("X-Etcd-Index").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null));
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI location(URI from, HttpResponse<?> response) throws BadReply {
        String location = response.headers()
                .firstValue("Location")
                .orElseThrow(() -> new BadReply(
                        "redirect " + response.statusCode() + " from " + from + " without a Location header"));
        URI next;
        try {
            next = from.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new BadReply("redirect from " + from + " to a malformed Location: " + shorten(location));
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || next.getHost() == null) {
            throw new BadReply(
                    "redirect from " + from + " to a Location that is not an http(s) URL: " + shorten(location));
        }
        return next;
    }

    private static String readBounded(InputStream in, URI from) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new BadReply("the reply from " + from + " is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** A server's text in a log line or message: one line, at most 200 characters. */
    static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String line = text.lines().findFirst().orElse("").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
