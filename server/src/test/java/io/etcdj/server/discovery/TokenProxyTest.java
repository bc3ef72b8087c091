package io.etcdj.server.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.server.testing.FreePorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The discovery service in process, against a stub backend that records what it is sent: /new makes the token's
 * directory and answers the token URL; token paths map onto /v2/keys/_etcd/registry with query and body; the
 * backend's status, X-Etcd-Index and body come back; 307s are followed; bad paths and bodies are refused.
 */
class TokenProxyTest {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    private final List<String> backendGot = Collections.synchronizedList(new ArrayList<>());
    private Server backend;
    private Server service;
    private String serviceUrl;
    private String backendUrl;

    @BeforeEach
    void start() throws Exception {
        backend = new Server();
        ServerConnector bc = new ServerConnector(backend);
        bc.setHost("127.0.0.1");
        backend.addConnector(bc);
        backend.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                String path = request.getHttpURI().getPath();
                String query = request.getHttpURI().getQuery();
                backendGot.add(request.getMethod() + " " + path + (query == null ? "" : "?" + query) + " " + body);
                if (path.startsWith("/follower/")) {
                    response.setStatus(307);
                    response.getHeaders().put("Location", backendUrl + path.substring(9) + "?" + query);
                    callback.succeeded();
                    return true;
                }
                response.setStatus(request.getMethod().equals("PUT") ? 201 : 200);
                response.getHeaders().put("X-Etcd-Index", "42");
                response.getHeaders().put("Content-Type", "application/json");
                Content.Sink.write(response, true, "{\"action\":\"x\"}", callback);
                return true;
            }
        });
        backend.start();
        backendUrl = "http://127.0.0.1:" + bc.getLocalPort();
        startService(backendUrl);
    }

    private void startService(String backendBase) throws Exception {
        if (service != null) {
            service.stop();
        }
        int port = FreePorts.next();
        service = DiscoveryServiceMain.start(
                new DiscoveryServiceMain.Settings("127.0.0.1", port, backendBase, "https://disc.example"));
        serviceUrl = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() throws Exception {
        service.stop();
        backend.stop();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(serviceUrl + path)).timeout(Duration.ofSeconds(10));
        if (body != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void newMakesTheTokensDirectoryAndAnswersItsUrl() throws Exception {
        HttpResponse<String> r = send("GET", "/new?size=3", null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().matches("https://disc\\.example/[0-9a-f]{32}"), r.body());
        String token = r.body().substring(r.body().lastIndexOf('/') + 1);
        assertEquals(List.of("PUT /v2/keys/_etcd/registry/" + token + "?dir=true&prevExist=false "), backendGot);
        assertTrue(!send("GET", "/new", null).body().endsWith(token), "a new token each time");
    }

    @Test
    void tokenPathsMapOntoTheRegistryWithQueryBodyStatusAndIndex() throws Exception {
        HttpResponse<String> put = send("PUT", "/" + TOKEN + "/machine1?ttl=604800", "value=http%3A%2F%2Fh%3A7001");
        assertEquals(201, put.statusCode());
        assertEquals("42", put.headers().firstValue("X-Etcd-Index").orElse(null));
        assertEquals("{\"action\":\"x\"}", put.body());
        HttpResponse<String> get = send("GET", "/" + TOKEN + "?recursive=true", null);
        assertEquals(200, get.statusCode());
        assertEquals(200, send("DELETE", "/" + TOKEN + "/machine1", null).statusCode());
        assertEquals(
                List.of(
                        "PUT /v2/keys/_etcd/registry/" + TOKEN + "/machine1?ttl=604800 value=http%3A%2F%2Fh%3A7001",
                        "GET /v2/keys/_etcd/registry/" + TOKEN + "?recursive=true ",
                        "DELETE /v2/keys/_etcd/registry/" + TOKEN + "/machine1 "),
                backendGot);
    }

    @Test
    void aBackendRedirectIsFollowedWithTheBody() throws Exception {
        startService(backendUrl + "/follower");
        assertEquals(201, send("PUT", "/" + TOKEN + "/m?ttl=5", "value=v").statusCode());
        assertEquals("PUT /v2/keys/_etcd/registry/" + TOKEN + "/m?ttl=5 value=v", backendGot.get(1));
    }

    @Test
    void badPathsMethodsAndBodiesAreRefusedWithoutReachingTheBackend() throws Exception {
        assertEquals(404, send("GET", "/not-a-token", null).statusCode());
        assertEquals(404, send("GET", "/" + TOKEN.toUpperCase(), null).statusCode());
        assertEquals(404, send("GET", "/" + TOKEN + "/a/b", null).statusCode());
        assertEquals(405, send("POST", "/" + TOKEN, "value=x").statusCode());
        assertEquals(405, send("PUT", "/new", "").statusCode());
        // The service judges the size by Content-Length and answers 413 without reading the body. Only the head is
        // sent: a client still sending a body when the service answers and closes may see the reset instead of the
        // 413 (CI did, once), and the JDK 17 client's Expect: 100-continue does not end on a final answer.
        assertEquals("HTTP/1.1 413 Payload Too Large", statusLineOfHeadOnlyPut(TokenProxy.MAX_BODY_BYTES + 1));
        assertEquals(List.of(), backendGot);
    }

    @Test
    void aBackendThatIsDownGets502() throws Exception {
        startService("http://127.0.0.1:" + FreePorts.next());
        assertEquals(502, send("GET", "/" + TOKEN, null).statusCode());
        assertEquals(502, send("GET", "/new", null).statusCode());
    }

    /** Sends a PUT's head announcing {@code contentLength} bytes, no body, and returns the answer's status line. */
    private String statusLineOfHeadOnlyPut(int contentLength) throws Exception {
        URI service = URI.create(serviceUrl);
        try (Socket socket = new Socket(service.getHost(), service.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "PUT /" + TOKEN + "/m HTTP/1.1\r\nHost: " + service.getAuthority()
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + contentLength
                    + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }
}
