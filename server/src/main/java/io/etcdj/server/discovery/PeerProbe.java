package io.etcdj.server.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which registered peers answer at all. A token outlives its cluster (registrations live a week), so a member
 * started on a reused token would otherwise spend the whole join timeout on addresses where nothing listens; a TCP
 * connect tells, whatever the peer port's TLS. Tried in rounds spaced like the service retries.
 */
interface PeerProbe {
    Logger LOG = LoggerFactory.getLogger(PeerProbe.class);

    /** True when something accepts a TCP connection at the peer URL's host and port. */
    boolean answers(String peerUrl);

    /**
     * The peers that answer (in the given order) followed by those that did not, or empty when none answered in
     * {@link Discovery.Retry#attempts} rounds.
     */
    default List<String> reachableFirst(List<String> peers, Discovery.Retry retry) throws InterruptedException {
        for (int round = 1; ; round++) {
            Set<String> ordered = new LinkedHashSet<>();
            for (String peer : peers) {
                if (answers(peer)) {
                    ordered.add(peer);
                }
            }
            if (!ordered.isEmpty()) {
                ordered.addAll(peers);
                return new ArrayList<>(ordered);
            }
            if (round >= retry.attempts()) {
                return List.of();
            }
            long waitMs = retry.nextWaitMs();
            LOG.warn(
                    "discovery: none of the registered peers {} accepts a connection (round {} of {}); retrying in {}"
                            + " ms",
                    peers,
                    round,
                    retry.attempts(),
                    waitMs);
            Thread.sleep(waitMs);
        }
    }

    static PeerProbe tcp(Duration connectTimeout) {
        return peerUrl -> {
            URI uri = URI.create(peerUrl);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) connectTimeout.toMillis());
                return true;
            } catch (IOException | IllegalArgumentException e) {
                return false;
            }
        };
    }
}
