package io.etcdj.peer.grpc;

import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The one connector of the peer port, plaintext or mutual TLS. Either way it speaks HTTP/2 (what grpc-java's client
 * uses) and HTTP/1.1 (admin JSON, curl) on the same port.
 */
final class PeerPortConnectors {
    /** The only versions offered, as on the client port: older ones have known weaknesses and no peer needs them. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private PeerPortConnectors() {}

    /** HTTP/1.1 and h2c (HTTP/2 with prior knowledge, which is how grpc-java talks plaintext). */
    static ServerConnector plaintext(Server server) {
        HttpConfiguration http = httpConfiguration();
        return new ServerConnector(
                server,
                1,
                -1,
                new HttpConnectionFactory(http),
                noStreamIdleTimeout(new HTTP2CServerConnectionFactory(http)));
    }

    /**
     * TLS demanding a client certificate that chains to the peer CA, then ALPN choosing {@code h2} (gRPC) or
     * {@code http/1.1} inside the handshake. A client that offers no ALPN (old curl, openssl s_client) gets HTTP/1.1.
     */
    static ServerConnector mutualTls(Server server, PeerTls tls) {
        HttpConfiguration https = httpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Jetty's SNI host check compares against certificates it loaded itself; ours come from the key manager,
        // and peers dial IP addresses, which carry no SNI. Checking the name is the client's job (SANs).
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);

        HttpConnectionFactory http11 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory h2 = noStreamIdleTimeout(new HTTP2ServerConnectionFactory(https));
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), http11.getProtocol());
        alpn.setDefaultProtocol(http11.getProtocol());
        SslConnectionFactory ssl = new SslConnectionFactory(sslContextFactory(tls), alpn.getProtocol());
        return new ServerConnector(server, 1, -1, ssl, alpn, h2, http11);
    }

    private static SslContextFactory.Server sslContextFactory(PeerTls tls) {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(tls.keyManagers(), tls.trustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the JDK rejects the peer TLS material: " + e.getMessage(), e);
        }
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(context);
        factory.setIncludeProtocols(PROTOCOLS);
        // etcd's -peer-ca-file: only members holding a certificate from the peer CA may talk Raft to this one.
        factory.setNeedClientAuth(true);
        // HTTP/2 forbids some TLS 1.2 ciphers; prefer the allowed ones so that an h2 client is never handed one.
        factory.setCipherComparator(HTTP2Cipher.COMPARATOR);
        return factory;
    }

    private static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        return http;
    }

    /**
     * Long-lived Send streams must not be closed by Jetty for idleness between heartbeats; Raft's own heartbeats
     * and gRPC keepalives decide when a peer is gone.
     */
    private static <F extends AbstractHTTP2ServerConnectionFactory> F noStreamIdleTimeout(F factory) {
        factory.setStreamIdleTimeout(0);
        return factory;
    }
}
