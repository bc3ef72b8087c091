package io.etcdj.raft;

/** The role of a node. */
public enum StateType {
    FOLLOWER,
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER
}
