package io.etcdj.peer.grpc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * A loopback port that was free a moment ago, never the same one twice in this JVM: for tests that need a peer's
 * address before the peer exists (the kernel may hand back a port it just gave out once the probe closes).
 */
final class FreePort {
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final int ATTEMPTS = 100;

    private FreePort() {}

    static synchronized int find() throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = probe.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        throw new IOException("no loopback port this JVM has not handed out already after " + ATTEMPTS + " tries");
    }
}
