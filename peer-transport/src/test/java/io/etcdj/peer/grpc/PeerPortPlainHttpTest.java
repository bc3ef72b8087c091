package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.Messages;
import io.etcdj.peer.Recorder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** gRPC and plain HTTP/1.1 JSON share the peer port, as etcd's admin API shares 7001 with Raft. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerPortPlainHttpTest {
    static final String CONFIG = "{\"activeSize\":9,\"removeDelay\":1800,\"syncInterval\":5}";

    /** Stands in for the server's PeerHandler. */
    static final class AdminConfig extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!request.getHttpURI().getPath().equals("/v2/admin/config")) {
                return false;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, CONFIG, callback);
            return true;
        }
    }

    @Test
    void curlAndGrpcOnTheSamePort() throws Exception {
        Recorder r1 = new Recorder();
        Recorder r2 = new Recorder();
        try (GrpcPeerTransport t1 = new GrpcPeerTransport(
                        1,
                        new InetSocketAddress("127.0.0.1", 0),
                        r1,
                        r1,
                        null,
                        GrpcPeerTransportContractTest.testConfig());
                GrpcPeerTransport t2 = new GrpcPeerTransport(
                        2,
                        new InetSocketAddress("127.0.0.1", 0),
                        r2,
                        r2,
                        new AdminConfig(),
                        GrpcPeerTransportContractTest.testConfig())) {
            t1.start();
            t2.start();
            String base = "http://127.0.0.1:" + t2.port();

            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> config = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/v2/admin/config"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, config.statusCode());
            assertEquals(HttpClient.Version.HTTP_1_1, config.version());
            assertEquals(CONFIG, config.body());
            assertEquals(
                    404,
                    http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/nothing"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode());

            t1.addPeer(2, base);
            t1.send(List.of(Messages.heartbeat(1, 2)));
            Messages.assertSame(Messages.heartbeat(1, 2), Recorder.next(r2.messages, "gRPC on the same port"));

            if (Files.isExecutable(Path.of("/usr/bin/curl"))) {
                Process curl = new ProcessBuilder("/usr/bin/curl", "-s", "--http1.1", base + "/v2/admin/config")
                        .redirectErrorStream(true)
                        .start();
                assertTrue(curl.waitFor(Recorder.WAIT.toSeconds(), TimeUnit.SECONDS), "curl did not finish");
                assertEquals(CONFIG, new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void withoutAPlainHandlerEveryHttpRequestIs404() throws Exception {
        Recorder r = new Recorder();
        try (GrpcPeerTransport t = new GrpcPeerTransport(
                1, new InetSocketAddress("127.0.0.1", 0), r, r, null, GrpcPeerTransportContractTest.testConfig())) {
            t.start();
            HttpResponse<Void> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + t.port() + "/v2/admin/config"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            assertEquals(404, response.statusCode());
        }
    }
}
