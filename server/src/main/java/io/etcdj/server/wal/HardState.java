package io.etcdj.server.wal;

/** Raft's persistent per-node state: current term, the vote cast in it, and the commit index. */
public record HardState(long term, long vote, long commit) {
    /** What a node that never wrote a hard state has. */
    public static final HardState EMPTY = new HardState(0, 0, 0);
}
