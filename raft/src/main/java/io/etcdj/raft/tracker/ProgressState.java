package io.etcdj.raft.tracker;

/** How the leader replicates to one follower. */
public enum ProgressState {
    /** One MsgApp per heartbeat interval, to find the index where the logs match. */
    PROBE,
    /** Optimistic pipelining: many MsgApps in flight, bounded by {@link Inflights}. */
    REPLICATE,
    /** A snapshot is on its way; nothing else is sent until it is reported. */
    SNAPSHOT
}
