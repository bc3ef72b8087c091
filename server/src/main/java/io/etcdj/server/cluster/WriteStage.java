package io.etcdj.server.cluster;

/**
 * The stages of a client write on the leader, each measured from the end of the one before (see {@link
 * WriteStages}). The label is what the metrics export; the order of the constants is the order of the stages.
 */
public enum WriteStage {
    /** Registered by the HTTP thread until the Raft thread handed it to Raft (waiting in the inbox). */
    QUEUED("queued"),
    /** Handed to Raft until the Ready that carried it was written and fsynced. */
    PERSISTED("persisted"),
    /** Fsynced until Raft saw it committed: waiting for a quorum of followers to persist it too. */
    COMMITTED("committed"),
    /** Committed until the apply thread applied it and completed the client's future. */
    APPLIED("applied"),
    /** Applied until the HTTP layer handed the response to the connection. */
    ANSWERED("answered");

    private final String label;

    WriteStage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
