package io.etcdj.server.cluster;

import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.Member;
import io.etcdj.peer.PeerTransport;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member restarted from its log asks the cluster whether it still belongs to it. One removed while it was down
 * (the leader removes a voter unheard for longer than removeDelay) has a log that still counts it as a voter, and
 * nobody sends it anything any more: without asking it would campaign forever, refused by everyone, a member in
 * appearance only. The question is a join marked "republish" with its own URLs (an existing member is answered
 * "already a member", a removed one "no member is named ..."); a "removed" answer is only a notice, believed if no
 * leader is heard from then on ({@link RemovalNotice}), so a hostile or confused peer cannot make a live member leave.
 * It asks each known member in turn, in the background, until one answers either way or the member stops.
 */
final class StillAMember {
    private static final Logger LOG = LoggerFactory.getLogger(StillAMember.class);
    private static final long CALL_TIMEOUT_MS = 5_000;
    private static final long MAX_BACKOFF_MS = 5_000;

    private StillAMember() {}

    static void check(RaftNode node, PeerTransport transport) {
        Thread t = new Thread(() -> run(node, transport), "etcdj-still-a-member");
        t.setDaemon(true);
        t.start();
    }

    private static void run(RaftNode node, PeerTransport transport) {
        JoinRequest request = new JoinRequest(node.self(), true);
        long backoffMs = 200;
        while (node.isRunning()) {
            if (node.members().all().stream().allMatch(m -> m.id() == node.selfId())) {
                return; // a one-member cluster: nobody to ask, nobody who could have removed it
            }
            for (Member m : node.members().all()) {
                if (m.id() == node.selfId() || !node.isRunning()) {
                    continue;
                }
                JoinResponse r;
                try {
                    r = transport.join(m.peerUrl(), request).get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    LOG.debug(
                            "asking {} whether {} is a member: {}",
                            m.name(),
                            node.self().name(),
                            e.toString());
                    continue;
                }
                if (r.ok()) {
                    LOG.debug(
                            "{} confirms that {} is a member",
                            m.name(),
                            node.self().name());
                    return;
                }
                if (r.error().startsWith(Membership.NOT_A_MEMBER)) {
                    LOG.warn(
                            "{} answers that {} is no member of the cluster (removed while it was down?): it leaves"
                                    + " unless a leader is heard from",
                            m.name(),
                            node.self().name());
                    node.removalNoticed();
                    return;
                }
            }
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                return;
            }
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
    }
}
