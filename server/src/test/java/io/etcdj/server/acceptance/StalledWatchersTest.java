package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue "stalled stream watchers exhaust the heap", on the real process with its 256 MiB heap: stream watchers
 * on sockets with tiny receive buffers that never read, then 200 writes of 100 KB to the key they watch. The node
 * must answer every write and its stats, a watcher that reads must get every event in order, and the stalled
 * watchers must be cut off: their streams end (a terminating chunk, or the connection closed) and they leave the
 * store's watcher count.
 */
@ExtendWith(LogTailOnFailure.class)
class StalledWatchersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STALLED = 24;
    private static final int WRITES = 200;
    private static final int VALUE_BYTES = 100_000;
    private static final int STALLED_RECEIVE_BUFFER = 4096;
    private static final int TIMEOUT_MS = 30_000;

    @TempDir
    Path tmp;

    @Test
    void stalledStreamWatchersAreCutOffWhileTheNodeAndAReadingWatcherCarryOn() throws Exception {
        int clientPort = EtcdProcess.freePort();
        int peerPort = EtcdProcess.freePort();
        Path log = tmp.resolve("etcd.log");
        ExecutorService reader = Executors.newSingleThreadExecutor();
        List<Socket> stalled = new ArrayList<>();
        try (EtcdProcess etcd = EtcdProcess.start(tmp.resolve("data"), clientPort, peerPort, log)) {
            String watchPath = "/v2/keys/big?wait=true&stream=true";
            // The headers come once the watch is registered.
            HttpResponse<InputStream> reading = EtcdProcess.HTTP.send(
                    HttpRequest.newBuilder(etcd.url(watchPath)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, reading.statusCode());
            Future<List<Long>> readingGot = reader.submit(() -> modifiedIndices(reading.body(), WRITES));
            for (int i = 0; i < STALLED; i++) {
                stalled.add(openStalledWatch(clientPort, watchPath));
            }

            List<Long> written = new ArrayList<>();
            String form = "value=" + "x".repeat(VALUE_BYTES);
            for (int i = 0; i < WRITES; i++) {
                HttpResponse<String> r = EtcdProcess.HTTP.send(
                        HttpRequest.newBuilder(etcd.url("/v2/keys/big"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .PUT(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(r.statusCode() == 200 || r.statusCode() == 201, "write " + i + ": " + r.statusCode());
                written.add(
                        Long.parseLong(r.headers().firstValue("X-Etcd-Index").orElseThrow()));
            }

            assertEquals(
                    written,
                    readingGot.get(TIMEOUT_MS, TimeUnit.MILLISECONDS),
                    "the watcher that reads gets every event, in order");
            reading.body().close();

            for (int i = 0; i < STALLED; i++) {
                Ending end = readToEnd(stalled.get(i));
                List<Long> got = modifiedIndicesOf(end.body());
                assertTrue(got.size() < WRITES, "stalled watcher " + i + " was cut off: " + got.size() + " events");
                assertEquals(
                        written.subList(0, got.size()),
                        got,
                        "stalled watcher " + i + " got the events before its cut-off in order, none skipped");
            }

            HttpResponse<String> stats = EtcdProcess.HTTP.send(
                    HttpRequest.newBuilder(etcd.url("/v2/stats/store"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stats.statusCode());
            assertTrue(
                    JSON.readTree(stats.body()).get("watchers").asLong() <= 1,
                    "the stalled watchers were unregistered: " + stats.body());
            HttpResponse<String> after = EtcdProcess.HTTP.send(
                    HttpRequest.newBuilder(etcd.url("/v2/keys/after"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .PUT(HttpRequest.BodyPublishers.ofString("value=ok"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, after.statusCode(), after.body());
            assertTrue(etcd.isAlive());
            String text = Files.readString(log);
            assertFalse(text.contains("OutOfMemoryError"), "no OutOfMemoryError in the log");
            assertTrue(text.contains("cut off"), "the cut-off is logged");
        } finally {
            reader.shutdownNow();
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    /** A stream watch on a raw socket with a tiny receive buffer; returns once its headers came, and never reads. */
    private static Socket openStalledWatch(int port, String pathAndQuery) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(STALLED_RECEIVE_BUFFER); // before connecting, so the window is small from the start
        s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        s.setSoTimeout(TIMEOUT_MS);
        OutputStream out = s.getOutputStream();
        out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String head = readHead(s.getInputStream());
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        assertTrue(head.toLowerCase().contains("transfer-encoding: chunked"), head);
        return s;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the response head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** How a stalled watcher's response ended: with the terminating chunk, or with the connection closed. */
    record Ending(byte[] body, boolean terminatingChunk) {}

    /**
     * Reads the rest of a chunked body until its terminating chunk or the end of the connection (each read bounded
     * by the socket timeout: a stream that does not end fails the test).
     */
    private static Ending readToEnd(Socket s) throws IOException {
        // The client reads again, now with a normal buffer: a small TCP window would make it take seconds.
        s.setReceiveBufferSize(1 << 20);
        InputStream in = new BufferedInputStream(s.getInputStream());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    return new Ending(body.toByteArray(), false);
                }
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    return new Ending(body.toByteArray(), true);
                }
                byte[] chunk = in.readNBytes(size);
                body.write(chunk);
                if (chunk.length < size || readLine(in) == null) {
                    return new Ending(body.toByteArray(), false);
                }
            }
        } catch (SocketException reset) {
            // The server closed a connection whose client was not reading: as ended as a close.
            return new Ending(body.toByteArray(), false);
        }
    }

    /** A CRLF-terminated line, or null at the end of the connection. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                int len = line.length();
                return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
            }
            line.append((char) b);
        }
    }

    /** The modifiedIndex of the first {@code count} events of a stream. */
    private static List<Long> modifiedIndices(InputStream in, int count) throws IOException {
        List<Long> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(in)) {
            while (out.size() < count && it.hasNext()) {
                out.add(it.next().get("node").get("modifiedIndex").asLong());
            }
        }
        return out;
    }

    /** The modifiedIndex of each complete event in a body that may end inside an event (a closed connection). */
    private static List<Long> modifiedIndicesOf(byte[] body) throws IOException {
        List<Long> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(body)) {
            while (it.hasNext()) {
                out.add(it.next().get("node").get("modifiedIndex").asLong());
            }
        } catch (IOException | RuntimeException truncated) {
            // The last event was cut short by the closed connection; the complete ones before it count.
        }
        return out;
    }
}
