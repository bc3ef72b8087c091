package io.etcdj.faults.workload;

/** Tells workload clients to finish the operation in hand and stop. */
public final class StopSignal {
    private volatile boolean stopped;

    public void stop() {
        stopped = true;
    }

    public boolean stopped() {
        return stopped;
    }
}
