package io.etcdj.raft.quorum;

/** Outcome of counting votes. */
public enum VoteResult {
    /** Neither a quorum of yes nor enough no to make a quorum of yes impossible. */
    PENDING,
    LOST,
    WON
}
