package io.etcdj.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * One TLS exchange over a real loopback socket: the server accepts one connection, handshakes and echoes one byte.
 * Both sides' failures are kept, since in TLS 1.3 a rejected client certificate reaches the client only as an alert
 * on its first read, while the server sees the actual reason.
 */
final class Loopback implements AutoCloseable {
    final SSLServerSocket serverSocket;
    final CompletableFuture<Throwable> serverOutcome = new CompletableFuture<>();
    final SSLParameters serverParameters;

    Loopback(SSLContext serverContext, SSLParameters serverParameters) throws IOException {
        this.serverParameters = serverParameters;
        serverSocket = (SSLServerSocket)
                serverContext.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        serverSocket.setSSLParameters(serverParameters);
        Thread acceptor = new Thread(this::serveOne, "loopback-tls-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serveOne() {
        try (SSLSocket socket = (SSLSocket) serverSocket.accept()) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            InputStream in = socket.getInputStream();
            int b = in.read();
            OutputStream out = socket.getOutputStream();
            out.write(b);
            out.flush();
            serverOutcome.complete(null);
        } catch (Throwable t) {
            serverOutcome.complete(t);
        }
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * Handshakes as a client dialling 127.0.0.1, with HTTPS endpoint identification (the address must be among the
     * server certificate's SANs), and echoes one byte. Returns the certificate the server presented.
     */
    X509Certificate exchange(SSLContext clientContext) throws IOException {
        // createSocket(host, port) records the host as the name to check, exactly as an HTTPS client does.
        try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            socket.getOutputStream().write(42);
            socket.getOutputStream().flush();
            if (socket.getInputStream().read() != 42) {
                throw new IOException("server closed without echoing");
            }
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** Sends {@code bytes} without TLS, as a client that forgot https:// would. */
    void sendPlain(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            socket.getInputStream().read();
        }
    }

    Throwable serverFailure() throws Exception {
        return serverOutcome.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
