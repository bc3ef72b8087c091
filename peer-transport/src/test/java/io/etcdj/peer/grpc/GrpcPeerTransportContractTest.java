package io.etcdj.peer.grpc;

import io.etcdj.peer.PeerTransport;
import io.etcdj.peer.PeerTransportContractTest;
import io.etcdj.peer.Recorder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

class GrpcPeerTransportContractTest extends PeerTransportContractTest {
    static final int CHUNK_BYTES = 16 * 1024;

    static GrpcTransportConfig testConfig() {
        return GrpcTransportConfig.defaults()
                .withSendQueueCapacity(256)
                .withReconnect(Duration.ofMillis(20), Duration.ofMillis(200))
                .withSnapshotChunkBytes(CHUNK_BYTES);
    }

    @Override
    protected String reserveUrl() throws Exception {
        return "http://127.0.0.1:" + FreePort.find();
    }

    @Override
    protected PeerTransport create(long id, String url, Recorder recorder) {
        URI uri = URI.create(url);
        return new GrpcPeerTransport(
                id, new InetSocketAddress(uri.getHost(), uri.getPort()), recorder, recorder, null, testConfig());
    }

    @Override
    protected int multiChunkSnapshotBytes() {
        return 7 * CHUNK_BYTES + 123;
    }
}
