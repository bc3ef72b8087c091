package io.etcdj.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Loopback ports that were free a moment ago, never the same one twice in this JVM: for tests that need a member's
 * address before the member exists. The kernel may hand back a port it just gave out once the probe socket closes,
 * so a test that asks for a client port and a peer port could otherwise get the same number twice (seen in CI).
 */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final int ATTEMPTS = 100;

    private FreePorts() {}

    public static synchronized int next() throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = probe.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        throw new IOException("no loopback port that this JVM has not handed out already after " + ATTEMPTS + " tries");
    }
}
