package io.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Deterministic seeded simulation of whole clusters (see {@link Simulation}). Knobs (system properties):
 * {@code raft.sim.seeds} (default 10000) schedules, stopping early at {@code raft.sim.budgetSeconds} (default 120)
 * but never before 1000 schedules; {@code raft.sim.seed=N} replays one schedule; {@code raft.sim.threads} (default:
 * up to 2). Schedules are seeds 1..seeds; a failure names its seed and the command that replays it.
 */
class SimulationTest {
    static final int MIN_SCHEDULES = 1000;

    @Test
    void randomSchedulesKeepRaftSafeAndLive() throws Exception {
        Long single = longProp("raft.sim.seed", null);
        if (single != null) {
            runOne(single);
            return;
        }
        long seeds = longProp("raft.sim.seeds", 10_000L);
        long budgetNanos = TimeUnit.SECONDS.toNanos(longProp("raft.sim.budgetSeconds", 120L));
        int threads = (int) (long) longProp(
                "raft.sim.threads", (long) Math.min(2, Runtime.getRuntime().availableProcessors()));
        long minimum = Math.min(seeds, MIN_SCHEDULES);
        long start = System.nanoTime();
        AtomicLong nextSeed = new AtomicLong(1);
        AtomicLong ran = new AtomicLong();
        AtomicLong committed = new AtomicLong();
        AtomicLong leaders = new AtomicLong();
        AtomicLong snapshots = new AtomicLong();
        AtomicLong maxHealSteps = new AtomicLong();
        AtomicLong readsAnswered = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Future<?>[] workers = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                workers[t] = pool.submit(() -> {
                    while (failure.get() == null) {
                        boolean overBudget = System.nanoTime() - start > budgetNanos;
                        long seed = nextSeed.getAndIncrement();
                        if (seed > seeds || (overBudget && seed > minimum)) {
                            return;
                        }
                        try {
                            Simulation sim = new Simulation(seed);
                            sim.run();
                            ran.incrementAndGet();
                            committed.addAndGet(sim.maxApplied());
                            leaders.addAndGet(sim.leadersElected());
                            snapshots.addAndGet(sim.snapshotsDelivered);
                            readsAnswered.addAndGet(sim.readsAnswered);
                            maxHealSteps.accumulateAndGet(sim.healSteps, Math::max);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                });
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long done = Math.max(1, ran.get());
        System.out.printf(
                "SimulationTest: %d schedules in %.1f s (%.0f/s, %d threads); per schedule on average "
                        + "%.1f entries committed, %.1f leaders elected, %.1f snapshots delivered, %.1f reads answered; progress after healing "
                        + "within %d steps (bound %d)%n",
                ran.get(),
                seconds,
                ran.get() / seconds,
                threads,
                committed.get() / (double) done,
                leaders.get() / (double) done,
                snapshots.get() / (double) done,
                readsAnswered.get() / (double) done,
                maxHealSteps.get(),
                Simulation.LIVENESS_STEPS);
        if (failure.get() != null) {
            fail(failure.get().getMessage() + "\n" + replayHint(failure.get().getMessage()), failure.get());
        }
        assertTrue(ran.get() >= minimum, "only " + ran.get() + " schedules ran, need " + minimum);
    }

    @Test
    void aSeedReplaysExactly() {
        for (long seed = 1; seed <= 20; seed++) {
            Simulation first = new Simulation(seed);
            first.run();
            Simulation second = new Simulation(seed);
            second.run();
            assertEquals(first.fingerprint(), second.fingerprint(), "seed " + seed + " did not replay exactly");
        }
    }

    /**
     * Why the server keeps a removed member's log: the same schedule is safe when the member rejoins with its log and
     * breaks leader completeness when it rejoins under its old id with an empty one (the checker must see that).
     */
    @Test
    void aRemovedMemberThatForgetsItsLogBreaksSafety() {
        long seed = 30625; // pre-vote and check-quorum on, as members run
        Simulation kept = new Simulation(seed, false);
        kept.run();
        assertTrue(kept.maxApplied() > 0, "nothing was committed");
        AssertionError broken = assertThrows(AssertionError.class, () -> new Simulation(seed, true).run());
        assertTrue(broken.getMessage().contains("leader completeness"), broken.getMessage());
    }

    private static void runOne(long seed) {
        try {
            Simulation sim = new Simulation(seed);
            sim.run();
            System.out.println("SimulationTest: seed " + seed + " passed, " + sim.maxApplied() + " entries committed");
        } catch (AssertionError e) {
            fail(e.getMessage() + "\n" + replayHint(e.getMessage()), e);
        }
    }

    private static String replayHint(String message) {
        String seed = message.replaceFirst("(?s)^simulation seed (\\d+) .*", "$1");
        return "replay: cd /work/wt-raft && mvn -o -q -pl raft test -Dtest=SimulationTest -Draft.sim.seed=" + seed;
    }

    private static Long longProp(String name, Long dflt) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank() || v.startsWith("${")) {
            return dflt;
        }
        return Long.parseLong(v.trim());
    }
}
