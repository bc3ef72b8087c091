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
        long seed = 4292;
        Simulation kept = new Simulation(seed, false);
        kept.run();
        assertTrue(kept.maxApplied() > 0, "nothing was committed");
        AssertionError broken = assertThrows(AssertionError.class, () -> new Simulation(seed, true).run());
        assertTrue(broken.getMessage().contains("leader completeness"), broken.getMessage());
    }

    /**
     * The server's answer to a member that lost its log ({@link RawNode#holdVotesUntilCaughtUp}), in both ways a
     * member loses one: a crashed voter whose data dir is emptied (once per schedule), and a removed member that
     * forgets its log and is added again under its old id. Without the hold both break leader completeness within a
     * few schedules (the tests around this one); with it no schedule may break safety. Liveness is another matter: a
     * voter that holds its votes cannot be released while no leader can be elected without it. Those stalls are
     * counted by cause: committed entries left only on stopped nodes (no election could be safe), a member still
     * counting a removed member this simulation stopped (the server's removed members run on as standbys and vote),
     * and the rest, bounded here: mostly a two-member configuration whose survivor holds a membership change it has
     * not applied, so cannot tell whether a larger configuration took effect without it. Measured on 3,000 schedules
     * each: 42 and 54 of those.
     */
    @Test
    void membersThatLoseTheirLogsAndHoldTheirVotesKeepRaftSafe() {
        int schedules = Integer.getInteger("raft.sim.lostLogSchedules", 3000);
        for (boolean rejoinFresh : new boolean[] {false, true}) {
            int stalled = 0;
            int lostForGood = 0;
            int simulationOnly = 0;
            for (long seed = 1; seed <= schedules; seed++) {
                Simulation sim = new Simulation(seed, rejoinFresh, !rejoinFresh, true);
                try {
                    sim.run();
                } catch (AssertionError e) {
                    fail(
                            (rejoinFresh ? "re-added with an empty log" : "data dir lost") + ", votes held: "
                                    + e.getMessage() + "\n" + replayHint(e.getMessage()),
                            e);
                }
                if (sim.stalledOnHeldVotes) {
                    if (sim.committedOnlyOnStoppedNodes) {
                        lostForGood++;
                    } else if (sim.waitsOnAStoppedRemovedMember) {
                        simulationOnly++;
                    } else {
                        stalled++;
                    }
                }
            }
            System.out.printf(
                    "SimulationTest: %s, votes held: %d schedules safe; stalled on a held vote: %d with committed"
                            + " entries only on stopped nodes, %d waiting on a stopped removed member, %d other%n",
                    rejoinFresh ? "re-added with an empty log" : "data dir lost",
                    schedules,
                    lostForGood,
                    simulationOnly,
                    stalled);
            assertTrue(stalled * 100 <= schedules * 3, stalled + " of " + schedules + " schedules stalled otherwise");
        }
    }

    /** The danger the hold answers: a voter whose data dir was emptied comes back under its id and votes at once. */
    @Test
    void aVoterThatLosesItsDataDirBreaksSafetyWithoutTheHold() {
        long seed = 11;
        AssertionError broken =
                assertThrows(AssertionError.class, () -> new Simulation(seed, false, true, false).run());
        assertTrue(broken.getMessage().contains("leader completeness"), broken.getMessage());
        Simulation held = new Simulation(seed, false, true, true);
        held.run();
        assertTrue(held.maxApplied() > 0, "nothing was committed");
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
