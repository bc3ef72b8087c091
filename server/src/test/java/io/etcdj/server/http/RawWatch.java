package io.etcdj.server.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A watch request on a raw socket: the response head is read as soon as the server sends it (the watch is then
 * registered), the body only when the test says so, so a client that does not read is a real one. Every read is
 * bounded by the socket timeout.
 */
final class RawWatch implements AutoCloseable {
    /** How a response body ended: its terminating chunk, or the connection closed (or reset) by the server. */
    record Body(byte[] bytes, boolean terminatingChunk) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    final Socket socket;
    final String head;

    private RawWatch(Socket socket, String head) {
        this.socket = socket;
        this.head = head;
    }

    /** @param receiveBufferBytes 0 for the system default; small to make a client that stalls quickly */
    static RawWatch open(int port, String pathAndQuery, int receiveBufferBytes, int timeoutMs) throws IOException {
        Socket s = new Socket();
        try {
            if (receiveBufferBytes > 0) {
                s.setReceiveBufferSize(receiveBufferBytes); // before connecting: the window stays small
            }
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            send(s, "GET " + pathAndQuery);
            return new RawWatch(s, readHead(s.getInputStream()));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Sends another request on the same connection and returns its response head (after {@link #readBody()}). */
    String nextRequestHead(String methodAndPath) throws IOException {
        send(socket, methodAndPath);
        return readHead(socket.getInputStream());
    }

    private static void send(Socket s, String methodAndPath) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((methodAndPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] end = {'\r', '\n', '\r', '\n'};
        int matched = 0;
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the response head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads a chunked body to its terminating chunk or to the end of the connection. */
    Body readBody() throws IOException {
        // The client reads again, now with a normal buffer: a small TCP window would make it take seconds.
        socket.setReceiveBufferSize(1 << 20);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    return new Body(body.toByteArray(), false);
                }
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    if (!"".equals(readLine(in))) {
                        throw new IOException("no CRLF after the terminating chunk");
                    }
                    return new Body(body.toByteArray(), true);
                }
                byte[] chunk = in.readNBytes(size);
                body.write(chunk);
                if (chunk.length < size || readLine(in) == null) {
                    return new Body(body.toByteArray(), false);
                }
            }
        } catch (SocketException reset) {
            return new Body(body.toByteArray(), false);
        }
    }

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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
