package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.etcdj.server.config.ServerConfig;
import io.etcdj.server.node.EtcdNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client port's connection bounds, through real sockets: -http-header-timeout closes connections that trickle
 * their request head (slowloris) without touching parked watches or idle kept-alive connections, and
 * -max-connections makes a connection past the limit wait until another closes.
 */
class ClientConnectionLimitsTest {
    private static final int IO_TIMEOUT_MS = 15_000;

    @TempDir
    Path dir;

    private EtcdNode node;
    private final List<Socket> sockets = new ArrayList<>();

    private void start(ServerConfig.ClientLimits limits) throws Exception {
        ServerConfig defaults = ServerConfig.defaults("n1", dir.resolve("n1.etcd"));
        ServerConfig config = defaults.withClient(defaults.client()
                        .withListener(new ServerConfig.Listener("http://127.0.0.1:4001", "127.0.0.1", 0))
                        .withLimits(limits))
                .withPeer(new ServerConfig.Listener("http://127.0.0.1:7001", "127.0.0.1", 0));
        node = EtcdNode.start(config, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", node.clientPort()), IO_TIMEOUT_MS);
        s.setSoTimeout(IO_TIMEOUT_MS);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    private static String request(String method, String target, String body) {
        return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (body == null
                        ? ""
                        : "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                                + "\r\n")
                + "\r\n" + (body == null ? "" : body);
    }

    /** Reads one response head and, if it has a Content-Length, its body; returns the status line and head. */
    private static String readResponse(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head.length() + " bytes: " + head);
            }
            head.append((char) b);
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return head.toString();
    }

    /** Waits (bounded by the socket timeout) until the server closes {@code s}; true if it did. */
    private static boolean closedByServer(Socket s) {
        try {
            while (true) {
                if (s.getInputStream().read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void slowHeadsAreClosedAtTheDeadlineWhileWatchesAndKeptAliveConnectionsStay() throws Exception {
        long headerTimeoutMs = 1000;
        start(new ServerConfig.ClientLimits(4096, (int) (headerTimeoutMs / 1000)));
        // A parked watch and a kept-alive connection, both older than the deadline by the time it fires.
        Socket watch = connect();
        send(watch, request("GET", "/v2/keys/slow/k?wait=true", null));
        assertTrue(readResponse(watch).startsWith("HTTP/1.1 200"), "the watch is parked");
        Socket keptAlive = connect();
        send(keptAlive, request("GET", "/version", null));
        assertTrue(readResponse(keptAlive).startsWith("HTTP/1.1 200"));

        int slowCount = 50;
        List<Socket> slow = new ArrayList<>();
        // One slow head on a kept-alive connection too: its deadline starts with its first byte.
        Socket slowSecondRequest = connect();
        send(slowSecondRequest, request("GET", "/version", null));
        assertTrue(readResponse(slowSecondRequest).startsWith("HTTP/1.1 200"));
        slow.add(slowSecondRequest);
        long openedNanos = System.nanoTime();
        for (int i = 0; i < slowCount; i++) {
            slow.add(connect());
        }
        // Slowloris: one byte of the head per 200 ms on each, which keeps resetting an idle timeout.
        byte[] head = request("GET", "/v2/keys/slow/k", null).getBytes(StandardCharsets.ISO_8859_1);
        Thread trickle = new Thread(
                () -> {
                    for (int i = 0;
                            i < head.length - 2 && !Thread.currentThread().isInterrupted();
                            i++) {
                        for (Socket s : slow) {
                            try {
                                s.getOutputStream().write(head[i]);
                            } catch (IOException closed) {
                                // the server hung up: expected
                            }
                        }
                        try {
                            Thread.sleep(200); // the attacker's pace, not a synchronisation
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "slowloris");
        trickle.start();
        try {
            // A well-behaved client is served meanwhile.
            Socket normal = connect();
            send(normal, request("PUT", "/v2/keys/other", "value=v"));
            assertTrue(readResponse(normal).startsWith("HTTP/1.1 201"));
            for (Socket s : slow) {
                assertTrue(closedByServer(s), "a trickled head is cut off (else held for the idle timeout)");
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedNanos);
            assertTrue(elapsedMs >= headerTimeoutMs - 50, "not before the deadline: " + elapsedMs + " ms");
        } finally {
            trickle.interrupt();
            trickle.join(IO_TIMEOUT_MS);
        }

        // The deadline has passed for both: the idle kept-alive connection still serves, the watch still waits.
        send(keptAlive, request("GET", "/version", null));
        assertTrue(readResponse(keptAlive).startsWith("HTTP/1.1 200"), "idle keep-alive is the idle timeout's job");
        Socket writer = connect();
        send(writer, request("PUT", "/v2/keys/slow/k", "value=seen"));
        assertTrue(readResponse(writer).startsWith("HTTP/1.1 201"));
        String event = new String(watch.getInputStream().readNBytes(40), StandardCharsets.ISO_8859_1);
        assertTrue(event.contains("set") || event.contains("\"action\""), "the parked watch got the event: " + event);
    }

    @Test
    void pastTheConnectionLimitANewConnectionWaitsUntilAnotherCloses() throws Exception {
        int limit = 3;
        start(new ServerConfig.ClientLimits(limit, 60));
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            Socket s = connect();
            send(s, request("GET", "/version", null));
            assertTrue(readResponse(s).startsWith("HTTP/1.1 200"), "connection " + (i + 1) + " is served");
            held.add(s); // kept alive
        }
        Socket extra = connect(); // the kernel completes the handshake: it waits in the accept queue
        send(extra, request("GET", "/version", null));
        extra.setSoTimeout(2000);
        assertThrows(
                SocketTimeoutException.class,
                () -> extra.getInputStream().read(),
                "connection " + (limit + 1) + " is not served while " + limit + " are open");
        held.get(0).close();
        extra.setSoTimeout(IO_TIMEOUT_MS);
        assertTrue(readResponse(extra).startsWith("HTTP/1.1 200"), "served once another connection closed");
        for (Socket s : held.subList(1, limit)) {
            send(s, request("GET", "/version", null));
            if (!readResponse(s).startsWith("HTTP/1.1 200")) {
                fail("a connection within the limit stopped being served");
            }
        }
        assertEquals(limit, held.size());
    }
}
