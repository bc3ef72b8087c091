package io.etcdj.peer.grpc;

import io.etcdj.peer.PeerTransport;
import io.etcdj.peer.PeerTransportContractTest;
import io.etcdj.peer.Recorder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole transport contract again over mutual TLS: messages both ways among three members, a multi-chunk
 * snapshot, a peer that comes up late, and the membership calls (join, remove, transfer leadership).
 */
class GrpcTlsPeerTransportContractTest extends PeerTransportContractTest {
    @TempDir
    static Path dir;

    private static PeerPki pki;

    @BeforeAll
    static void mintCertificates() throws Exception {
        pki = new PeerPki(dir, "cluster");
    }

    @Override
    protected String reserveUrl() throws Exception {
        return "https://127.0.0.1:" + FreePort.find();
    }

    @Override
    protected PeerTransport create(long id, String url, Recorder recorder) throws Exception {
        URI uri = URI.create(url);
        return new GrpcPeerTransport(
                id,
                new InetSocketAddress(uri.getHost(), uri.getPort()),
                recorder,
                recorder,
                null,
                GrpcPeerTransportContractTest.testConfig().withTls(pki.member("member" + id)));
    }

    @Override
    protected int multiChunkSnapshotBytes() {
        return 7 * GrpcPeerTransportContractTest.CHUNK_BYTES + 123;
    }
}
