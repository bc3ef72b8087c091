package io.etcdj.faults.nemesis;

import io.etcdj.faults.cluster.FaultCluster;
import java.io.IOException;
import java.util.Random;

/** One kind of fault: {@link #inject} starts one instance of it and returns how to end it. */
public interface Nemesis {
    /** The name used on the command line and in the summary: kill, pause, partition, disk. */
    String name();

    Fault inject(FaultCluster cluster, Random random) throws IOException, InterruptedException;

    /** A fault in force: what it did (for the run's log) and how to heal it. */
    interface Fault {
        String description();

        /** Called periodically while the fault holds (a flapping partition changes sides here); default nothing. */
        default void tick(Random random) throws IOException, InterruptedException {}

        void heal() throws IOException, InterruptedException;
    }
}
