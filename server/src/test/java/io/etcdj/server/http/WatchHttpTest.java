package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcdj.server.command.ApplyResult;
import io.etcdj.server.command.Command;
import io.etcdj.server.command.Proposer;
import io.etcdj.store.Event;
import io.etcdj.store.V2Store;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Watch delivery through Jetty over real sockets: the test thread applies writes to the store as the apply thread
 * does, and watchers are raw sockets that read only when told.
 */
class WatchHttpTest {
    private static final int TIMEOUT_MS = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STALLED_RECEIVE_BUFFER = 4096;

    private final V2Store store = new V2Store(Clock.systemUTC());
    private final List<RawWatch> clients = new ArrayList<>();
    private Server server;
    private KeysHandler keys;
    private int port;

    /** Watches only: writes come straight from the test, as the apply thread would make them. */
    private final Proposer noWrites = new Proposer() {
        @Override
        public CompletableFuture<ApplyResult> propose(Command command) {
            return CompletableFuture.failedFuture(new IllegalStateException("this test writes to the store"));
        }

        @Override
        public CompletableFuture<Void> readBarrier() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public long commitIndex() {
            return store.index();
        }

        @Override
        public long term() {
            return 1;
        }
    };

    private void start(WatchLimits limits) throws Exception {
        QueuedThreadPool threads = HttpServers.threadPool("watch-test");
        keys = new KeysHandler(store, noWrites, new LoneLeaderView("n1"), Clock.systemUTC(), 4096, threads, limits);
        Handler handler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                keys.handle(request, response, callback, request.getHttpURI().getPath());
                return true;
            }
        };
        server = HttpServers.create(threads, "127.0.0.1", 0, handler, new HttpServers.Limits(TIMEOUT_MS, 4096, 10_000));
        server.start();
        port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        for (RawWatch c : clients) {
            c.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private RawWatch watch(String pathAndQuery, int receiveBufferBytes) throws IOException {
        RawWatch w = RawWatch.open(port, pathAndQuery, receiveBufferBytes, TIMEOUT_MS);
        clients.add(w);
        assertTrue(w.head.startsWith("HTTP/1.1 200"), w.head);
        return w;
    }

    private long watchers() {
        return store.stats().get("watchers");
    }

    /** Bounded wait for a state the delivery thread reaches. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    private static List<Long> modifiedIndices(byte[] body) {
        List<Long> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(body)) {
            while (it.hasNext()) {
                out.add(it.next().get("node").get("modifiedIndex").asLong());
            }
        } catch (IOException | RuntimeException truncated) {
            // a body cut short by a closed connection: the complete events before count
        }
        return out;
    }

    @Test
    void aThousandOneShotWatchersOfOneKeyGetTheSameBytesFromOneEncoding() throws Exception {
        start(WatchLimits.defaults());
        List<RawWatch> waiting = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            waiting.add(watch("/v2/keys/shared?wait=true", 0));
        }
        assertEquals(1000, watchers());
        Event e = store.set("/shared", false, "v".repeat(10_000), null);
        byte[] expected = EtcdJson.event(e);
        for (RawWatch w : waiting) {
            RawWatch.Body body = w.readBody();
            assertTrue(body.terminatingChunk());
            assertArrayEquals(expected, body.bytes());
        }
        assertEquals(1, keys.watchStats().eventsEncoded(), "one encoding for a thousand watchers");
        assertEquals(0, watchers());
    }

    @Test
    void aCutOffStreamEndsWithItsTerminatingChunkWhenItsClientReadsAgain() throws Exception {
        // A grace period longer than the test: the end must come from the client reading, not a timer.
        start(new WatchLimits(256 << 10, 1000, 64 << 20, 10_000, 64 << 20, 10L * TIMEOUT_MS));
        RawWatch stalled = watch("/v2/keys/d?wait=true&stream=true&recursive=true", STALLED_RECEIVE_BUFFER);
        List<Long> written = new ArrayList<>();
        String value = "v".repeat(100_000);
        // Until the socket's buffers are full and the watcher is over its 256 KB: a few MB on loopback.
        for (int i = 0; i < 400 && keys.watchStats().cutOffs() == 0; i++) {
            written.add(store.set("/d/" + i, false, value, null).index());
        }
        await("the stalled watcher is cut off", () -> keys.watchStats().cutOffs() == 1);
        assertEquals(0, watchers(), "its watch is cancelled");

        RawWatch.Body body = stalled.readBody();
        assertTrue(body.terminatingChunk(), "the stream ends cleanly");
        List<Long> got = modifiedIndices(body.bytes());
        assertTrue(got.size() < written.size());
        assertEquals(written.subList(0, got.size()), got, "the events before the cut-off, in order");
        assertTrue(
                stalled.nextRequestHead("GET /v2/keys/d/0").startsWith("HTTP/1.1 200"),
                "the connection is still good for the next request");
        await("nothing is held for it", () -> keys.watchStats().snapshot().get("watchBytesLive") == 0);
    }

    @Test
    void aCutOffClientThatDoesNotReadIsDisconnectedAfterTheGracePeriod() throws Exception {
        start(new WatchLimits(256 << 10, 1000, 64 << 20, 10_000, 64 << 20, 200));
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        RawWatch stalled = watch("/v2/keys/d?wait=true&stream=true&recursive=true", STALLED_RECEIVE_BUFFER);
        RawWatch reading = watch("/v2/keys/other?wait=true&stream=true", 0);
        assertEquals(2, connector.getConnectedEndPoints().size());
        String value = "v".repeat(100_000);
        for (int i = 0; i < 400 && keys.watchStats().cutOffs() == 0; i++) {
            store.set("/d/" + i, false, value, null);
        }
        await("the stalled watcher is cut off", () -> keys.watchStats().cutOffs() == 1);
        // The client still does not read: the server closes its connection once the grace period is over.
        await(
                "its connection is closed",
                () -> connector.getConnectedEndPoints().size() == 1);
        await(
                "only the last encoding is still held",
                () -> keys.watchStats().snapshot().get("watchBytesHeld") <= 200_000);

        RawWatch.Body body = stalled.readBody();
        assertFalse(body.terminatingChunk(), "no clean end: the connection was closed");
        assertFalse(modifiedIndices(body.bytes()).isEmpty());

        Event other = store.set("/other", false, "still here", null);
        assertEquals(1, watchers(), "the other watcher is untouched");
        assertEquals(
                new String(EtcdJson.event(other), StandardCharsets.UTF_8),
                readFirstChunk(reading),
                "the other watcher still gets its events");
    }

    /** The first chunk of a stream whose later chunks are still to come. */
    private static String readFirstChunk(RawWatch w) throws IOException {
        InputStream in = w.socket.getInputStream();
        StringBuilder sizeLine = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed before the first chunk");
            }
            sizeLine.append((char) b);
        }
        int size = Integer.parseInt(sizeLine.toString().trim(), 16);
        return new String(in.readNBytes(size), StandardCharsets.UTF_8);
    }
}
