package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Members on one host, each on its own loopback address, are told apart by the address their connections come from:
 * a transport given a source address connects from it (without one, every member would appear as 127.0.0.1).
 */
class PeerSourceAddressTest {
    @Test
    void outgoingConnectionsLeaveFromTheConfiguredAddress() throws Exception {
        InetAddress source = InetAddress.getByName("127.0.0.2");
        try (ServerSocket peer = new ServerSocket()) {
            peer.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0));
            peer.setSoTimeout(20_000);
            PeerChannels channels =
                    new PeerChannels(GrpcTransportConfig.defaults().withSourceAddress(source));
            ManagedChannel channel = channels.open(channels.parse("http://127.0.0.3:" + peer.getLocalPort()));
            try {
                channel.getState(true); // connect now, without a call
                try (Socket accepted = peer.accept()) {
                    assertEquals(source, accepted.getInetAddress());
                }
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }
}
