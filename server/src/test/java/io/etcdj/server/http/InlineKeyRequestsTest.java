package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Plain key reads and key writes run on the thread that parsed them (mostly a selector thread); anything else must run
 * on the pool, or one request that blocks (an admin call waiting for a commit) would stall every connection the
 * selector serves. Each answer says which thread handled it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InlineKeyRequestsTest {
    private static final long WAIT_MS = 15_000;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch blocking = new CountDownLatch(1);
    private Server server;
    private int port;

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aRequestThatBlocksDoesNotStallReadsOnOtherConnections() throws Exception {
        Handler handler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getPath();
                if (path.equals("/v2/admin/slow")) {
                    blocking.countDown();
                    // Bounded, so that a failing test cannot hang the build.
                    release.await(WAIT_MS, TimeUnit.MILLISECONDS);
                }
                response.write(true, java.nio.ByteBuffer.wrap(where().getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        };
        QueuedThreadPool threads = HttpServers.threadPool("inline-test");
        server = HttpServers.create(threads, "127.0.0.1", 0, handler, new HttpServers.Limits(30_000, 4096, 10_000));
        server.start();
        port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();

        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> slow =
                client.sendAsync(get("/v2/admin/slow"), HttpResponse.BodyHandlers.ofString());
        assertTrue(blocking.await(WAIT_MS, TimeUnit.MILLISECONDS), "the blocking request never arrived");

        for (String path : new String[] {"/v2/keys/a", "/v2/keys/a?quorum=true", "/v2/keys/a?wait=true"}) {
            HttpResponse<String> r = client.sendAsync(get(path), HttpResponse.BodyHandlers.ofString())
                    .get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertEquals(200, r.statusCode(), path);
            assertEquals(path.endsWith("wait=true") ? "pool" : "inline", r.body(), path);
        }
        // Key writes run inline too (their handler only queues a proposal), and not on the blocked pool thread.
        for (String method : new String[] {"PUT", "POST", "DELETE"}) {
            HttpRequest write = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v2/keys/a?prevExist=false"))
                    .timeout(Duration.ofMillis(WAIT_MS))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString("value=1"))
                    .build();
            HttpResponse<String> r = client.sendAsync(write, HttpResponse.BodyHandlers.ofString())
                    .get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertEquals(200, r.statusCode(), method);
            assertEquals("inline", r.body(), method);
        }
        assertFalse(slow.isDone(), "the blocking request was released early");
        release.countDown();
        HttpResponse<String> slowAnswer = slow.get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertEquals(200, slowAnswer.statusCode());
        assertEquals("pool", slowAnswer.body());
    }

    /**
     * "pool" when {@link InlineKeyRequests} handed the request to the pool, "inline" when the thread that parsed it
     * handled it. That is a selector thread (Jetty's produce-consume), or a pool thread Jetty gave the connection:
     * when the previous request on it was answered from another thread and this one had already arrived, Jetty parses
     * and runs it there (its own dispatch, which a busy machine makes common; not ours, and not behind a blocked
     * handler).
     */
    private static String where() {
        for (StackTraceElement frame : Thread.currentThread().getStackTrace()) {
            if (frame.getClassName().equals(InlineKeyRequests.class.getName())
                    && frame.getMethodName().equals("handleOnPool")) {
                return "pool";
            }
        }
        return "inline";
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMillis(WAIT_MS))
                .build();
    }
}
