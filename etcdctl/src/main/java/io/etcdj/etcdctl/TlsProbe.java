package io.etcdj.etcdctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Finds why an https connection "timed out". The JDK's HttpClient reports a TLS 1.3 server's rejection of the
 * client (the alert that follows a missing or untrusted client certificate arrives after the client's side of
 * the handshake is done) as a connect timeout, which would send an operator looking for a firewall. One plain
 * socket with the same SSLContext, a request and a read surface the server's alert instead.
 */
final class TlsProbe {
    private static final long MIN_PROBE_TIMEOUT_MS = 5_000;

    private TlsProbe() {}

    /** The TLS failure seen on a fresh connection to {@code uri}, or null when there is none to report. */
    static TransportFailure diagnose(SSLContext tls, URI uri, Duration connectTimeout) {
        int port = uri.getPort() >= 0 ? uri.getPort() : 443;
        // Only ever run after a failure, so a busy machine gets more time here than --timeout gave the request.
        long timeoutMs = Math.max(MIN_PROBE_TIMEOUT_MS, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeoutMs);
            socket.setSoTimeout((int) timeoutMs);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(("HEAD /version HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            in.read();
            return null;
        } catch (SSLException e) {
            return TransportFailure.of(e, uri);
        } catch (IOException | RuntimeException e) {
            return null; // no TLS failure to show: the caller reports the timeout it saw
        }
    }
}
