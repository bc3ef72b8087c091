package io.etcdj.server.cluster;

import io.etcdj.peer.Member;
import io.etcdj.raft.Config;
import io.etcdj.raft.RaftLogger;
import java.util.SplittableRandom;

/**
 * What a member is told at start: who it is, its Raft timing and how often it snapshots; and the Raft configuration
 * that follows from them.
 *
 * @param heartbeatMs          -peer-heartbeat-interval
 * @param electionTimeoutMs    -peer-election-timeout (the randomised timeout is in [this, 2 x this))
 * @param snapshotEveryEntries applied entries between snapshots
 */
public record MemberSettings(Member self, long heartbeatMs, long electionTimeoutMs, long snapshotEveryEntries) {
    /** Resolution of Raft's logical clock; the heartbeat and election timeouts are whole multiples of it. */
    private static final long MAX_TICK_MS = 10;

    /** The length of one Raft tick. */
    long tickMs() {
        return Math.max(1, Math.min(MAX_TICK_MS, heartbeatMs));
    }

    /** The Raft core's configuration for this member, restarting with {@code applied} entries applied. */
    Config raftConfig(long applied, RaftLogger logger) {
        long tickMs = tickMs();
        int heartbeatTicks = (int) Math.max(1, heartbeatMs / tickMs);
        int electionTicks = (int) Math.max(heartbeatTicks + 1, electionTimeoutMs / tickMs);
        return Config.defaults(self.id(), new SplittableRandom())
                .withTicks(electionTicks, heartbeatTicks)
                .withApplied(applied)
                .withLogger(logger)
                // Every proposal is made on the leader (followers redirect clients): a MsgProp from the network is
                // always forged, so none is ever sent and InboundGate drops any that arrives.
                .withProposalForwarding(false)
                .validate();
    }
}
