package io.etcdj.peer.inmem;

import io.etcdj.peer.PeerTransport;
import io.etcdj.peer.PeerTransportContractTest;
import io.etcdj.peer.Recorder;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

class InMemoryPeerTransportContractTest extends PeerTransportContractTest {
    private final Network network = new Network();
    private final AtomicInteger next = new AtomicInteger();

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    @Override
    protected String reserveUrl() {
        return "mem://node" + next.incrementAndGet();
    }

    @Override
    protected PeerTransport create(long id, String url, Recorder recorder) {
        return new InMemoryPeerTransport(id, url, network, recorder, recorder, 64);
    }

    @Override
    protected int multiChunkSnapshotBytes() {
        return 100_000;
    }
}
