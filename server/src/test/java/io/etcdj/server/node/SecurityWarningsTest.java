package io.etcdj.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityWarningsTest {
    private static final ServerConfig.TlsFiles CLIENT_CA =
            new ServerConfig.TlsFiles(Path.of("s.crt"), Path.of("s.key"), Path.of("ca.crt"));

    private static ServerConfig config(
            String peerBindHost, ServerConfig.TlsFiles clientTls, ServerConfig.TlsFiles peerTls) {
        ServerConfig defaults = ServerConfig.defaults("m", Path.of("m"));
        return defaults.withClient(defaults.client().withTls(clientTls))
                .withPeer(new ServerConfig.Listener("http://127.0.0.1:7001", peerBindHost, 7001))
                .withCluster(ServerConfig.Cluster.ALONE.withPeerTls(peerTls));
    }

    @Test
    void plainPeersOnLoopbackAreTheSeedsDefaultAndQuiet() {
        assertEquals(List.of(), SecurityWarnings.of(config("127.0.0.1", null, null)));
        assertEquals(List.of(), SecurityWarnings.of(config("localhost", null, null)));
    }

    @Test
    void plainPeersBeyondLoopbackAreWarnedAbout() {
        List<String> w = SecurityWarnings.of(config("0.0.0.0", null, null));
        assertEquals(1, w.size());
        assertTrue(w.get(0).contains("0.0.0.0:7001") && w.get(0).contains("-peer-ca-file"), w.get(0));
    }

    @Test
    void clientCertificatesWithPlainPeersAreWarnedAbout() {
        List<String> w = SecurityWarnings.of(config("127.0.0.1", CLIENT_CA, null));
        assertEquals(1, w.size());
        assertTrue(w.get(0).contains("-ca-file") && w.get(0).contains("distinct"), w.get(0));
    }

    @Test
    void peerTlsSilencesBoth() {
        assertEquals(List.of(), SecurityWarnings.of(config("0.0.0.0", CLIENT_CA, CLIENT_CA)));
    }
}
