package io.etcdj.server.cluster;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether to believe a peer that says this member has been removed. Once removed, the leader no longer replicates to
 * a member, so it cannot learn of its removal from the log; the leader tells it directly instead. Anybody with a
 * peer certificate can send that notice, though, so it is believed only if the leader then stays silent: from one
 * election timeout after the notice until two (a heartbeat already on its way when the leader removed us may still
 * arrive just after the notice). A forged notice sent to a live member is contradicted by the leader's heartbeats
 * (and counted as rejected input of kind {@value #KIND}).
 *
 * <p>Raft thread only.
 */
final class RemovalNotice {
    private static final Logger LOG = LoggerFactory.getLogger(RemovalNotice.class);

    /** The kind under which a refuted notice is counted as rejected input. */
    static final String KIND = "removal notice";

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

    /** What {@link #judgeAt} found. */
    enum Verdict {
        /** No notice, or too early to tell. */
        UNDECIDED,
        /** The leader has been silent: this member was removed and should stop. */
        BELIEVED,
        /** The leader still speaks (or this member leads): the notice was false, and is forgotten. */
        REFUTED
    }

    /** On each tick; a pending notice is decided once, after two election timeouts. */
    Verdict judgeAt(long nowNanos, boolean leading) {
        long notice = noticeNanos;
        if (notice == 0 || nowNanos - notice < 2 * electionNanos) {
            return Verdict.UNDECIDED;
        }
        noticeNanos = 0;
        if (leading || lastLeaderContactNanos - notice > electionNanos) {
            return Verdict.REFUTED;
        }
        LOG.warn("{} was removed from the cluster (the leader has been silent since it said so)", selfName);
        return Verdict.BELIEVED;
    }
}
