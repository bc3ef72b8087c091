package io.etcdj.etcdctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;

/**
 * Talks to the v2 API over the JDK HttpClient. Fails over to the next endpoint when a connection cannot
 * be made (never after a request was sent, so a write is not applied twice), and follows 307 redirects
 * itself, re-sending method and form body, because etcd 0.4 answers writes on a follower with a 307 to
 * the leader and the JDK's redirect policy would turn a PUT into a GET.
 */
final class EtcdClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REDIRECTS = 10;
    private static final String FORM = "application/x-www-form-urlencoded";

    /** Status, headers and body of one exchange. */
    record Reply(int status, HttpResponse<String> raw) {
        String body() {
            return raw.body();
        }

        long header(String name) {
            return raw.headers().firstValue(name).map(Long::parseLong).orElse(0L);
        }
    }

    private final List<String> endpoints;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final PrintStream debug;
    private final SSLContext tls;
    private final Duration connectTimeout;
    private int preferred;

    EtcdClient(GlobalOptions options, PrintStream err) throws UsageException {
        this.endpoints = options.endpoints;
        this.requestTimeout = options.totalTimeout;
        this.debug = options.debug ? err : null;
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(options.timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        SSLContext given = ClientTls.context(options.caFile, options.certFile, options.keyFile);
        if (given != null) {
            b.sslContext(given);
        }
        this.tls = given != null ? given : defaultContext();
        this.connectTimeout = options.timeout;
        this.http = b.build();
    }

    private static SSLContext defaultContext() throws UsageException {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new UsageException("no TLS support in this Java runtime: " + e.getMessage());
        }
    }

    /**
     * One /v2/keys request. GET and DELETE carry the parameters in the query string, PUT and POST in a
     * urlencoded body, as go-etcd did.
     *
     * @param waiting true for watches: no overall deadline, the answer comes when an event happens
     */
    EtcdResponse keys(String method, String key, Map<String, String> params, boolean waiting)
            throws EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        String form = encode(params);
        boolean inBody = method.equals("PUT") || method.equals("POST");
        String path = keyPath(key) + (!inBody && !form.isEmpty() ? "?" + form : "");
        Reply reply = exchange(method, path, inBody ? form : null, FORM, waiting ? null : requestTimeout);
        JsonNode json = parse(reply);
        if (json.has("errorCode")) {
            throw error(json);
        }
        if (!json.has("node")) {
            throw new IOException("unexpected reply (HTTP " + reply.status() + "): " + reply.body());
        }
        JsonNode prev = json.get("prevNode");
        return new EtcdResponse(
                json.path("action").asText(),
                json.get("node"),
                prev == null || prev.isNull() ? null : prev,
                reply.header("X-Etcd-Index"),
                reply.header("X-Raft-Index"),
                reply.header("X-Raft-Term"));
    }

    /** A GET of a non-key path such as /v2/leader on the first reachable endpoint. */
    Reply get(String path) throws ClusterUnreachableException, IOException, InterruptedException {
        return exchange("GET", path, null, null, requestTimeout);
    }

    /**
     * A request with a JSON body (or none, when {@code json} is null) to a non-key path, as etcd 2's member API
     * takes: on the first reachable endpoint, following the leader's 307 with method and body.
     */
    Reply json(String method, String path, String json)
            throws ClusterUnreachableException, IOException, InterruptedException {
        return exchange(method, path, json, json == null ? null : "application/json", requestTimeout);
    }

    /** A GET against one given base URL (cluster-health asks every member itself); no failover. */
    Reply getAt(String baseUrl, String path) throws IOException, InterruptedException {
        return send("GET", URI.create(GlobalOptions.normalize(baseUrl) + path), null, null, requestTimeout);
    }

    static JsonNode parse(Reply reply) throws IOException {
        try {
            return JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new IOException("unexpected reply (HTTP " + reply.status() + "): " + reply.body(), e);
        }
    }

    private Reply exchange(String method, String path, String body, String contentType, Duration timeout)
            throws ClusterUnreachableException, IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        boolean allConnectionErrors = true;
        for (int attempt = 0; attempt < endpoints.size(); attempt++) {
            int i = (preferred + attempt) % endpoints.size();
            URI uri = URI.create(endpoints.get(i) + path);
            TransportFailure failure;
            try {
                Reply r = send(method, uri, body, contentType, timeout);
                preferred = i;
                return r;
            } catch (UnresolvedAddressException e) {
                failure = TransportFailure.of(new IOException(e), uri);
            } catch (HttpConnectTimeoutException e) {
                TransportFailure tlsFailure =
                        "https".equals(uri.getScheme()) ? TlsProbe.diagnose(tls, uri, connectTimeout) : null;
                failure = tlsFailure != null ? tlsFailure : TransportFailure.of(e, uri);
            } catch (IOException e) {
                failure = TransportFailure.of(e, uri);
            }
            // As etcd 2's client: any endpoint's failure moves on to the next one.
            failures.add("error #" + failures.size() + ": " + endpoints.get(i) + ": " + failure.message());
            allConnectionErrors &= failure.connectionError();
        }
        throw new ClusterUnreachableException(
                "client: etcd cluster is unavailable or misconfigured; " + String.join("; ", failures),
                allConnectionErrors ? ExitCodes.CLUSTER_UNREACHABLE : ExitCodes.SERVER_ERROR);
    }

    private Reply send(String method, URI uri, String body, String contentType, Duration timeout)
            throws IOException, InterruptedException {
        for (int hop = 0; ; hop++) {
            if (debug != null) {
                debug.println(
                        "cURL Command: curl -X " + method + " " + uri + (body == null ? "" : " -d \"" + body + "\""));
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (body != null) {
                b.header("Content-Type", contentType);
            }
            if (timeout != null) {
                b.timeout(timeout);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String location = r.headers().firstValue("Location").orElse(null);
            boolean redirect = r.statusCode() == 307 || r.statusCode() == 301 || r.statusCode() == 302;
            if (!redirect || location == null) {
                return new Reply(r.statusCode(), r);
            }
            if (hop >= MAX_REDIRECTS) {
                throw new IOException("too many redirects (last: " + location + ")");
            }
            uri = uri.resolve(location);
        }
    }

    private static EtcdException error(JsonNode json) {
        return new EtcdException(
                json.path("errorCode").asInt(),
                json.path("message").asText(""),
                json.path("cause").asText(""),
                json.path("index").asLong());
    }

    /** "/v2/keys" + the key with each segment percent-encoded (keys may hold spaces, '?', '#'...). */
    static String keyPath(String key) {
        StringBuilder s = new StringBuilder("/v2/keys");
        String k = key.startsWith("/") ? key : "/" + key;
        for (String segment : k.substring(1).split("/", -1)) {
            s.append('/')
                    .append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return s.toString();
    }

    static String encode(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }
}
