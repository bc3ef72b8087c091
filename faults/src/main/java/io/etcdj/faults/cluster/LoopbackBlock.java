package io.etcdj.faults.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The addresses and ports of one cluster: member i listens on 127.A.B.(i+2), every member on the same client port
 * and the same peer port, so a firewall rule per address cuts one member off. A and B are drawn at random so two
 * runs on one machine (other CI jobs) do not share addresses, and the ports are checked free on every address.
 */
public record LoopbackBlock(List<String> hosts, int clientPort, int peerPort) {
    private static final int ATTEMPTS = 50;

    public static LoopbackBlock pick(int members, Random random) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int a = 1 + random.nextInt(250);
            int b = random.nextInt(250);
            List<String> hosts = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                hosts.add("127." + a + "." + b + "." + (i + 2));
            }
            int clientPort = 20000 + random.nextInt(20000);
            int peerPort = clientPort + 1;
            if (freeOnAll(hosts, clientPort) && freeOnAll(hosts, peerPort)) {
                return new LoopbackBlock(List.copyOf(hosts), clientPort, peerPort);
            }
        }
        throw new IOException("no free client and peer port pair on a loopback block after " + ATTEMPTS + " tries");
    }

    private static boolean freeOnAll(List<String> hosts, int port) {
        for (String host : hosts) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
