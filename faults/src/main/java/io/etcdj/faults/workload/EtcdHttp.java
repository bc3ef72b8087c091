package io.etcdj.faults.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The v2 keys API as the suite's clients use it: one request to one member, following etcd's 307 to the leader
 * itself (at most {@link #MAX_REDIRECTS} hops), every request with a deadline. What comes back is classified once,
 * here, into what the checkers need: an answer (status, errorCode, JSON), or no answer at all ({@link IOException}:
 * refused, reset, timed out), which for a write means "may or may not have happened".
 */
public final class EtcdHttp {
    static final int MAX_REDIRECTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;

    public EtcdHttp(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One answer of a member (after redirects). {@code errorCode} is 0 when the body is not etcd's error JSON. */
    public record Answer(int status, int errorCode, JsonNode body, long etcdIndex) {
        public boolean ok() {
            return status == 200 || status == 201;
        }

        public Optional<JsonNode> node() {
            return body != null && body.has("node") ? Optional.of(body.get("node")) : Optional.empty();
        }
    }

    /**
     * The request certainly did nothing: no connection could be made to a member (refused, or the connect timed
     * out), or a 307 chain did not end at a leader within {@link #MAX_REDIRECTS} hops. A write that ends so failed.
     */
    public static class NotSent extends IOException {
        NotSent(String url, IOException cause) {
            super("not sent to " + url + ": " + cause, cause);
        }

        NotSent(String message) {
            super(message);
        }
    }

    /** A 307 chain that did not end at a leader within {@link #MAX_REDIRECTS} hops. */
    public static final class RedirectLoop extends NotSent {
        RedirectLoop(String url) {
            super("more than " + MAX_REDIRECTS + " redirects from " + url);
        }
    }

    public Answer get(String baseUrl, String key, Map<String, String> query) throws IOException, InterruptedException {
        return send("GET", baseUrl + "/v2/keys" + key + queryString(query), null, timeout);
    }

    /**
     * A streaming watch ({@code stream=true}): the response as it arrives, one JSON event after another, for as long
     * as the member keeps it open. {@code headerTimeout} bounds only the wait for the status line.
     */
    public HttpResponse<InputStream> openStream(
            String baseUrl, String key, Map<String, String> query, Duration headerTimeout)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/v2/keys" + key + queryString(query)))
                        .timeout(headerTimeout)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Parses an error body read from a stream that did not start (a 401, say). */
    public static Answer answerOf(int status, byte[] body) {
        JsonNode json = null;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            // not JSON: status alone
        }
        int errorCode =
                json != null && json.has("errorCode") ? json.get("errorCode").asInt() : 0;
        return new Answer(status, errorCode, json, -1);
    }

    public Answer put(String baseUrl, String key, Map<String, String> form) throws IOException, InterruptedException {
        return send("PUT", baseUrl + "/v2/keys" + key, form(form), timeout);
    }

    public Answer post(String baseUrl, String key, Map<String, String> form) throws IOException, InterruptedException {
        return send("POST", baseUrl + "/v2/keys" + key, form(form), timeout);
    }

    private Answer send(String method, String url, String body, Duration deadline)
            throws IOException, InterruptedException {
        String target = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(target)).timeout(deadline);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/x-www-form-urlencoded")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException | HttpConnectTimeoutException e) {
                throw new NotSent(target, e); // no connection: the request never reached a member
            }
            if (response.statusCode() == 307) {
                Optional<String> location = response.headers().firstValue("Location");
                if (location.isEmpty()) {
                    throw new IOException("307 without Location from " + target);
                }
                target = location.get();
                continue;
            }
            return answer(response);
        }
        throw new RedirectLoop(url);
    }

    private static Answer answer(HttpResponse<String> response) {
        JsonNode body = null;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            // not JSON (a proxy's or Jetty's own error page): status alone classifies it
        }
        int errorCode =
                body != null && body.has("errorCode") ? body.get("errorCode").asInt() : 0;
        long index = response.headers()
                .firstValue("X-Etcd-Index")
                .map(EtcdHttp::parseLongOrMinus)
                .orElse(-1L);
        return new Answer(response.statusCode(), errorCode, body, index);
    }

    private static long parseLongOrMinus(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String queryString(Map<String, String> query) {
        return query.isEmpty() ? "" : "?" + form(query);
    }

    private static String form(Map<String, String> fields) {
        StringJoiner joined = new StringJoiner("&");
        fields.forEach((k, v) -> joined.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return joined.toString();
    }
}
