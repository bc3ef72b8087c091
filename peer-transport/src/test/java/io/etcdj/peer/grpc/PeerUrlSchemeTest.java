package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.Recorder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A transport is TLS or plaintext; a peer URL of the other kind is refused up front, naming the URL. */
class PeerUrlSchemeTest {
    @TempDir
    Path dir;

    @Test
    void schemeMustMatchTheMode() {
        assertEquals(new PeerAddress("127.0.0.1", 7001), PeerAddress.parse("https://127.0.0.1:7001", true));
        assertEquals(new PeerAddress("127.0.0.1", 7001), PeerAddress.parse("http://127.0.0.1:7001", false));
        // etcd 0.4 let -peer-addr omit the scheme; it takes the transport's.
        assertEquals(new PeerAddress("10.0.0.2", 7001), PeerAddress.parse("10.0.0.2:7001", true));
        assertEquals(new PeerAddress("10.0.0.2", 7001), PeerAddress.parse("10.0.0.2", false));
        assertEquals("[::1]:7002", PeerAddress.parse("https://[::1]:7002", true).target());

        IllegalArgumentException plainToTls =
                assertThrows(IllegalArgumentException.class, () -> PeerAddress.parse("http://127.0.0.1:7001", true));
        assertTrue(plainToTls.getMessage().contains("http://127.0.0.1:7001"), plainToTls.getMessage());
        assertTrue(plainToTls.getMessage().contains("mixing TLS and plain peers is refused"), plainToTls.getMessage());
        IllegalArgumentException tlsToPlain =
                assertThrows(IllegalArgumentException.class, () -> PeerAddress.parse("https://127.0.0.1:7001", false));
        assertTrue(tlsToPlain.getMessage().contains("https://127.0.0.1:7001"), tlsToPlain.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PeerAddress.parse("ftp://127.0.0.1:7001", true));
    }

    @Test
    void transportsRefuseTheOtherScheme() throws Exception {
        Recorder r = new Recorder();
        PeerTls tls = new PeerPki(dir, "cluster").member("one");
        try (GrpcPeerTransport secure = new GrpcPeerTransport(
                        1,
                        new InetSocketAddress("127.0.0.1", 0),
                        r,
                        r,
                        null,
                        GrpcPeerTransportContractTest.testConfig().withTls(tls));
                GrpcPeerTransport plain = new GrpcPeerTransport(
                        2,
                        new InetSocketAddress("127.0.0.1", 0),
                        r,
                        r,
                        null,
                        GrpcPeerTransportContractTest.testConfig())) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> secure.addPeer(2, "http://127.0.0.1:7001"));
            assertTrue(e.getMessage().contains("http://127.0.0.1:7001"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> plain.addPeer(1, "https://127.0.0.1:7001"));

            ExecutionException join = assertThrows(
                    ExecutionException.class,
                    () -> secure.join(
                                    "http://127.0.0.1:7001",
                                    new JoinRequest("x", "https://127.0.0.1:7002", "https://127.0.0.1:4001"))
                            .get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertInstanceOf(IllegalArgumentException.class, join.getCause());
            ExecutionException remove = assertThrows(
                    ExecutionException.class,
                    () -> plain.remove("https://127.0.0.1:7001", "x")
                            .get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertInstanceOf(IllegalArgumentException.class, remove.getCause());
        }
    }

    @Test
    void configAndMaterialRefuseNonsense() {
        assertThrows(
                NullPointerException.class,
                () -> GrpcPeerTransportContractTest.testConfig().withTls(null));
        assertThrows(IllegalArgumentException.class, () -> new PeerTls(new KeyManager[0], new TrustManager[0]));
        assertThrows(NullPointerException.class, () -> PeerTls.load(dir.resolve("a.crt"), dir.resolve("a.key"), null));
    }
}
