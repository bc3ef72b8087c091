package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the TLS connector offers once Jetty has applied its own defaults: TLSv1.3/1.2 only, client certs required. */
class PeerPortConnectorsTest {
    @TempDir
    Path dir;

    @Test
    void mutualTlsOffersOnlyModernProtocolsAndDemandsAClientCertificate() throws Exception {
        Server server = new Server();
        ServerConnector connector = PeerPortConnectors.mutualTls(server, new PeerPki(dir, "c").member("m"));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.start();
        try {
            SslContextFactory.Server ssl =
                    connector.getConnectionFactory(SslConnectionFactory.class).getSslContextFactory();
            assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(ssl.getSelectedProtocols()));
            assertTrue(ssl.getNeedClientAuth());
            assertEquals(List.of("ssl", "alpn", "h2", "http/1.1"), connector.getProtocols());
        } finally {
            server.stop();
        }
    }

    @Test
    void plaintextHasNoTls() {
        ServerConnector connector = PeerPortConnectors.plaintext(new Server());
        assertNull(connector.getConnectionFactory(SslConnectionFactory.class));
        assertEquals(List.of("http/1.1", "h2c"), connector.getProtocols());
    }
}
