package io.etcdj.raft;

/** Volatile state worth telling the caller about (who leads, what we are); never persisted. */
public record SoftState(long lead, StateType state) {
    @Override
    public String toString() {
        return "Lead:" + lead + " State:" + state;
    }
}
