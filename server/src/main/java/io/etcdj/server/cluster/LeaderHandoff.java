package io.etcdj.server.cluster;

import io.etcdj.raft.ConfState;
import io.etcdj.raft.MemberIds;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A leader that stops cleanly hands leadership to a follower first, so its stop costs no election timeout. */
final class LeaderHandoff {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderHandoff.class);

    private LeaderHandoff() {}

    /** Leader only (else nothing): bounded by two election timeouts. */
    static void beforeStop(RaftNode node, RaftThread raftThread, RaftStatus status, long electionTimeoutMs)
            throws InterruptedException {
        ConfState voters = status.confState;
        if (!node.isLeader() || voters.voters().size() < 2) {
            return;
        }
        // The Raft core sends the log to the transferee first if it lags, then tells it to campaign.
        long transferee = voters.voters().stream()
                .filter(id -> id != node.selfId())
                .findFirst()
                .orElseThrow();
        LOG.info(
                "{} is stopping: handing leadership to {}",
                node.self().name(),
                node.members().nameOf(transferee).orElse(MemberIds.hex(transferee)));
        raftThread.offer(new RaftInput.TransferLeadership(transferee));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * electionTimeoutMs);
        while (node.isLeader() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
