package io.etcdj.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerSourceAddressTest {
    @Test
    void aMemberBoundToOneAddressConnectsFromIt() throws Exception {
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.2")), PeerSourceAddress.of("127.0.0.2"));
        assertEquals(Optional.of(InetAddress.getByName("::1")), PeerSourceAddress.of("[::1]"));
    }

    @Test
    void aWildcardBindOrAHostNameLeavesTheChoiceToTheSystem() {
        assertEquals(Optional.empty(), PeerSourceAddress.of("0.0.0.0"));
        assertEquals(Optional.empty(), PeerSourceAddress.of("::"));
        assertEquals(Optional.empty(), PeerSourceAddress.of("localhost"));
        assertEquals(Optional.empty(), PeerSourceAddress.of("node1.example.com"));
    }
}
