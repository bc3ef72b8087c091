package io.etcdj.faults.workload;

/** How long a client waits after an operation that did not succeed, so an election or a dead member is not spun on. */
final class Backoff {
    static final long AFTER_FAILURE_MS = 50;

    private Backoff() {}

    /** Waits {@link #AFTER_FAILURE_MS}; false (and the interrupt kept) when interrupted. */
    static boolean pause() {
        try {
            Thread.sleep(AFTER_FAILURE_MS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
