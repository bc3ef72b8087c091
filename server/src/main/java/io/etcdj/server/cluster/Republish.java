package io.etcdj.server.cluster;

import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.Member;
import io.etcdj.peer.PeerTransport;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member restarted from its data dir with other URLs (-addr, -peer-addr changed) tells the cluster, through the log:
 * a join marked "republish" replaces its record in /_etcd/machines and every member's connection to it. Until then
 * the others still send to its old peer URL, so it asks them, not the other way round: in the background, each known
 * member in turn (any of them forwards to the leader), until one accepts or the member stops.
 */
final class Republish {
    private static final Logger LOG = LoggerFactory.getLogger(Republish.class);
    private static final long CALL_TIMEOUT_MS = 15_000;
    private static final long MAX_BACKOFF_MS = 5_000;

    private Republish() {}

    /** Starts republishing if the log's record of this member differs from how it was started; else nothing. */
    static void ifMoved(RaftNode node, PeerTransport transport) {
        Member self = node.self();
        Optional<Member> recorded = node.members().byName(self.name());
        if (recorded.isEmpty() || recorded.get().equals(self)) {
            return;
        }
        LOG.info(
                "{} restarted with other URLs (peer {} -> {}, client {} -> {}): telling the cluster",
                self.name(),
                recorded.get().peerUrl(),
                self.peerUrl(),
                recorded.get().clientUrl(),
                self.clientUrl());
        Thread t = new Thread(() -> run(node, transport, self), "etcdj-republish");
        t.setDaemon(true);
        t.start();
    }

    private static void run(RaftNode node, PeerTransport transport, Member self) {
        JoinRequest request = new JoinRequest(self, true);
        long backoffMs = 200;
        while (node.isRunning()) {
            if (node.members().byName(self.name()).filter(self::equals).isPresent()) {
                LOG.info(
                        "{}'s new URLs are in the log: peer {}, client {}",
                        self.name(),
                        self.peerUrl(),
                        self.clientUrl());
                return;
            }
            String last = ask(node, transport, request);
            LOG.warn("republishing {}'s URLs: {}; retrying", self.name(), last);
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                return;
            }
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
    }

    /** One round over the members; the reason of the last refusal, or null once one accepted. */
    private static String ask(RaftNode node, PeerTransport transport, JoinRequest request) {
        if (node.isLeader()) {
            JoinResponse r = node.membership().join(request);
            return r.ok() ? null : r.error();
        }
        String last = "no other member known";
        for (Member m : node.members().all()) {
            if (m.id() == node.selfId() || !node.isRunning()) {
                continue;
            }
            try {
                JoinResponse r = transport.join(m.peerUrl(), request).get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                if (r.ok()) {
                    return null;
                }
                last = m.name() + " refused: " + r.error();
            } catch (Exception e) {
                last = m.name() + " unreachable: " + e;
            }
        }
        return last;
    }
}
