package io.etcdj.faults.run;

import io.etcdj.faults.cluster.FaultCluster;
import io.etcdj.faults.nemesis.Nemesis;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Faults one after another until the deadline: a quiet stretch (1-3 s), then one fault of a randomly chosen kind held
 * for 2-6 s (ticked every 500 ms, for flapping partitions), then healed. One fault at a time, so a majority is
 * always able to make progress once a fault heals; every fault is healed before {@link #run} returns.
 */
final class NemesisSchedule {
    /** What happened when, in ms from the start of the run, for the run's log. */
    record Entry(long atMs, String what) {}

    private static final Duration BACK_UP = Duration.ofSeconds(60);

    private final FaultCluster cluster;
    private final Consumer<String> violations;
    private final List<Nemesis> nemeses;
    private final Random random;
    private final List<Entry> log = new ArrayList<>();

    NemesisSchedule(FaultCluster cluster, List<Nemesis> nemeses, Random random, Consumer<String> violations) {
        this.cluster = cluster;
        this.violations = violations;
        this.nemeses = List.copyOf(nemeses);
        this.random = random;
    }

    /** Runs faults until {@code deadlineNanos}; returns the number of faults injected. */
    int run(long startNanos, long deadlineNanos) throws IOException, InterruptedException {
        int injected = 0;
        while (System.nanoTime() < deadlineNanos) {
            sleepUntil(Math.min(deadlineNanos, System.nanoTime() + (1000 + random.nextInt(2000)) * 1_000_000L));
            if (nemeses.isEmpty() || System.nanoTime() >= deadlineNanos) {
                continue;
            }
            Nemesis nemesis = nemeses.get(random.nextInt(nemeses.size()));
            Nemesis.Fault fault = nemesis.inject(cluster, random);
            injected++;
            note(startNanos, "start " + fault.description());
            long holdUntil = Math.min(deadlineNanos, System.nanoTime() + (2000 + random.nextInt(4000)) * 1_000_000L);
            try {
                while (System.nanoTime() < holdUntil) {
                    sleepUntil(Math.min(holdUntil, System.nanoTime() + 500_000_000L));
                    fault.tick(random);
                }
            } finally {
                fault.heal();
                note(startNanos, "heal " + fault.description());
            }
            // The next fault starts from a whole cluster: a member still restarting would turn a one-member fault
            // into a lost majority, which tests nothing but patience.
            List<String> down = cluster.awaitAllUp(BACK_UP);
            if (!down.isEmpty()) {
                violations.accept(
                        "not back " + BACK_UP.toSeconds() + " s after \"" + fault.description() + "\" healed: " + down);
            }
        }
        return injected;
    }

    List<Entry> log() {
        return List.copyOf(log);
    }

    private void note(long startNanos, String what) {
        log.add(new Entry((System.nanoTime() - startNanos) / 1_000_000, what));
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
