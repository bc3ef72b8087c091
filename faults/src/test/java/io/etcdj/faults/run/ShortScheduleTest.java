package io.etcdj.faults.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.faults.nemesis.Iptables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short fault schedules {@code ./test} runs (fixed seeds, 20 s of faults each): real members, real SIGKILL,
 * SIGSTOP, iptables partitions and failing or slow disks; every check must pass (no lost write, every register
 * linearizable, every watcher complete, every member back after each fault). Longer runs: {@code faults/run}.
 */
class ShortScheduleTest {
    private static final int SECONDS = 20;

    @TempDir
    Path tmp;

    @Test
    void killsAndPausesOfThreeMembers() throws Exception {
        run(new RunOptions(3, SECONDS, List.of("kill", "pause"), 11, false, tmp.resolve("run"), 8, false));
    }

    @Test
    void partitionsAndBadDisksOfThreeMembers() throws Exception {
        RunResult result = run(new RunOptions(
                        3, SECONDS, List.of("partition", "disk"), 12, false, tmp.resolve("run"), 8, false))
                .result();
        if (Iptables.unavailableReason() == null) {
            assertTrue(result.options().nemeses().contains("partition"), "iptables is here: partitions must run");
        }
    }

    @Test
    void everyFaultWithPeerTls() throws Exception {
        run(new RunOptions(
                3,
                SECONDS,
                List.of("kill", "pause", "partition", "disk", "clock"),
                13,
                true,
                tmp.resolve("run"),
                8,
                false));
    }

    /**
     * Members removed and coming back as standbys with the logs they kept, among kills: no acknowledged write may be
     * lost and every register must stay linearizable across the rejoins. Seed 15's first fault (at 1-3 s, always
     * injected) is a removal of n1; how many faults follow depends on the host's speed.
     */
    @Test
    void removalsAndKillsOfThreeMembers() throws Exception {
        Outcome outcome =
                run(new RunOptions(3, SECONDS, List.of("remove", "kill"), 15, false, tmp.resolve("run"), 8, false));
        assertTrue(
                outcome.log().contains("(removed through "),
                "no member was removed: the schedule tested nothing of rejoins\n" + outcome.log());
    }

    private record Outcome(RunResult result, String log) {}

    private static Outcome run(RunOptions options) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        RunResult result;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            result = new FaultRun(options, out).run();
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        System.out.print(log);
        assertTrue(result.passed(), log);
        assertTrue(result.faults() > 0, "no fault was injected: " + log);
        assertTrue(result.ok() > 100, "too little succeeded to mean anything: " + log);
        return new Outcome(result, log);
    }
}
