package io.etcdj.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/** Server sockets with only the allowed protocols enabled; see {@link ProtocolPinnedSslContext}. */
final class PinnedServerSocketFactory extends SSLServerSocketFactory {
    private final SSLServerSocketFactory delegate;
    private final String[] protocols;

    PinnedServerSocketFactory(SSLServerSocketFactory delegate, String[] protocols) {
        this.delegate = delegate;
        this.protocols = protocols;
    }

    private ServerSocket pin(ServerSocket socket) {
        SSLServerSocket ssl = (SSLServerSocket) socket;
        ssl.setEnabledProtocols(ProtocolPinnedSslContext.narrow(protocols, ssl.getSupportedProtocols()));
        return ssl;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return pin(delegate.createServerSocket());
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return pin(delegate.createServerSocket(port));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return pin(delegate.createServerSocket(port, backlog));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return pin(delegate.createServerSocket(port, backlog, address));
    }
}
