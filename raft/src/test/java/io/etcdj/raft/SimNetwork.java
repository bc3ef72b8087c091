package io.etcdj.raft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The simulated network of one schedule: each message is lost with some probability, or delivered after a random
 * delay (so messages are reordered), and sometimes more than once; partitions split the nodes into two groups.
 * At most {@link #MAX_IN_FLIGHT} messages are in flight; more are dropped, like a full socket buffer.
 */
final class SimNetwork {
    static final int MAX_IN_FLIGHT = 2000;

    private record InFlight(Message msg, long deliverAt) {}

    private final SplittableRandom rnd;
    private final List<InFlight> inFlight = new ArrayList<>();
    private final int[] group;
    final double lossProb;
    final double dupProb;
    final int maxDelay;
    private boolean faultsOff;

    SimNetwork(SplittableRandom rnd, int nodes) {
        this.rnd = rnd;
        this.group = new int[nodes + 1];
        this.lossProb = rnd.nextDouble() * 0.2;
        this.dupProb = rnd.nextDouble() * 0.05;
        this.maxDelay = 1 + rnd.nextInt(8);
    }

    /** Queues a message; returns false if it was lost at once. */
    boolean send(Message m, long now) {
        if (inFlight.size() >= MAX_IN_FLIGHT || (!faultsOff && rnd.nextDouble() < lossProb)) {
            return false;
        }
        inFlight.add(new InFlight(m, now + 1 + rnd.nextInt(maxDelay)));
        return true;
    }

    /** Removes and returns the messages due by {@code now} in random order; duplicates stay in flight. */
    List<Message> takeDue(long now, Consumer<Message> onDuplicate) {
        List<Message> due = new ArrayList<>();
        for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
            InFlight f = it.next();
            if (f.deliverAt() <= now) {
                due.add(f.msg());
                if (faultsOff || rnd.nextDouble() >= dupProb) {
                    it.remove();
                } else {
                    onDuplicate.accept(f.msg()); // it arrives again later
                }
            }
        }
        for (int i = due.size() - 1; i > 0; i--) {
            Collections.swap(due, i, rnd.nextInt(i + 1));
        }
        return due;
    }

    boolean connected(long from, long to) {
        return group[(int) from] == group[(int) to];
    }

    /** Heals the partition half of the time, else splits the nodes into two random groups. */
    String repartition() {
        if (rnd.nextBoolean()) {
            Arrays.fill(group, 0);
        } else {
            for (int i = 1; i < group.length; i++) {
                group[i] = rnd.nextInt(2);
            }
        }
        return Arrays.toString(group);
    }

    /** No more loss, duplication or partitions; delays and reordering remain. */
    void heal() {
        faultsOff = true;
        Arrays.fill(group, 0);
    }
}
