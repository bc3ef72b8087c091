package io.etcdj.server.cluster;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether to believe a peer that says this member has been removed. Once removed, the leader no longer replicates to
 * a member, so it cannot learn of its removal from the log; the leader tells it directly instead. Anybody with a
 * peer certificate can send that notice, though, so it is believed only if the leader then stays silent: from one
 * election timeout after the notice until two (a heartbeat already on its way when the leader removed us may still
 * arrive just after the notice). A forged notice sent to a live member is contradicted by the leader's heartbeats.
 *
 * <p>Raft thread only.
 */
final class RemovalNotice {
    private static final Logger LOG = LoggerFactory.getLogger(RemovalNotice.class);

    private final String selfName;
    private final long electionNanos;
    /** When the notice came (0: none pending), and when the leader last sent an append or a heartbeat. */
    private long noticeNanos;

    private long lastLeaderContactNanos;

    RemovalNotice(String selfName, long electionTimeoutMs) {
        this.selfName = selfName;
        this.electionNanos = TimeUnit.MILLISECONDS.toNanos(electionTimeoutMs);
    }

    void noticed(long nowNanos) {
        noticeNanos = nowNanos;
    }

    void leaderSpoke(long nowNanos) {
        lastLeaderContactNanos = nowNanos;
    }

    /** On each tick: true once, when a pending notice is to be believed (the member should then stop). */
    boolean believedAt(long nowNanos, boolean leading) {
        long notice = noticeNanos;
        if (notice == 0 || nowNanos - notice < 2 * electionNanos) {
            return false;
        }
        noticeNanos = 0;
        if (leading || lastLeaderContactNanos - notice > electionNanos) {
            LOG.info("the leader still sends to {}: the removal notice was not true", selfName);
            return false;
        }
        LOG.warn("{} was removed from the cluster (the leader has been silent since it said so)", selfName);
        return true;
    }
}
