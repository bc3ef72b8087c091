package io.etcdj.raft;

/**
 * The state Raft must find again after a crash: current term, the vote cast in it ({@code 0} = none) and the commit
 * index. It must be persisted before any message of the same {@link Ready} is sent.
 */
public record HardState(long term, long vote, long commit) {
    public static final HardState EMPTY = new HardState(0, 0, 0);

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    @Override
    public String toString() {
        return "Term:" + term + " Vote:" + vote + " Commit:" + commit;
    }
}
