package io.etcdj.faults.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.faults.check.LinearizabilityChecker.Result;
import io.etcdj.faults.check.LinearizabilityChecker.Result.Verdict;
import io.etcdj.faults.history.OpKind;
import io.etcdj.faults.history.Outcome;
import io.etcdj.faults.history.RegisterOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Randomized evidence: histories of a real register are accepted, and corrupting one read in a way that is provably a
 * violation makes them rejected, with the corrupted read as the failing operation; and on tiny random histories (most
 * of them not linearizable) the checker agrees with a brute-force search of every order.
 */
class LinearizabilityRandomTest {
    private static final RandomRegisterHistory.Shape SHAPE =
            new RandomRegisterHistory.Shape(5, 300, 0.05, 0.03, 20, 60);

    @Test
    void historiesOfARealRegisterAreLinearizable() {
        for (int run = 1; run <= 40; run++) {
            long seed = run;
            List<RegisterOp> history = RandomRegisterHistory.generate(new SplittableRandom(seed), "/r", SHAPE, 0);
            Result result = LinearizabilityChecker.check(history, null);
            assertEquals(Verdict.LINEARIZABLE, result.verdict(), () -> "seed " + seed + ": " + result.describe());
        }
    }

    @Test
    void aReadOfAValueNeverWrittenIsFoundAsTheFailingOperation() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<RegisterOp> history = RandomRegisterHistory.generate(random, "/r", SHAPE, 0);
            int read = randomOkRead(history, random);
            List<RegisterOp> corrupted = RandomRegisterHistory.withRead(history, read, "never-written");
            assertFailsAt(corrupted, history.get(read).id(), "seed " + seed);
        }
    }

    /**
     * The read returns a value v that was overwritten before it began: an OK write W completed before the read was
     * invoked, and every operation that could write v completed (OK) before W was invoked, so nothing can have written
     * v again between W and the read.
     */
    @Test
    void aStaleReadIsFoundAsTheFailingOperation() {
        int corruptedHistories = 0;
        for (int run = 1; run <= 40; run++) {
            long seed = run;
            SplittableRandom random = new SplittableRandom(seed);
            List<RegisterOp> history = RandomRegisterHistory.generate(random, "/r", SHAPE, 0);
            for (int attempt = 0; attempt < 50; attempt++) {
                int read = randomOkRead(history, random);
                String stale = provablyStaleValue(history, history.get(read));
                if (stale == NO_STALE_VALUE) {
                    continue;
                }
                RegisterOp staleRead = history.get(read);
                Result result = assertFailsAt(
                        RandomRegisterHistory.withRead(history, read, stale), staleRead.id(), "seed " + seed);
                // The window shows why: a write that completed before the read began, and who wrote the stale value.
                assertTrue(
                        result.window().stream()
                                .anyMatch(op -> op.kind() != OpKind.READ
                                        && op.outcome() == Outcome.OK
                                        && op.completeNanos() < staleRead.invokeNanos()),
                        result::describe);
                assertTrue(
                        stale == null
                                || result.window().stream()
                                        .anyMatch(op -> op.kind() != OpKind.READ && stale.equals(op.value())),
                        result::describe);
                corruptedHistories++;
                break;
            }
        }
        assertTrue(corruptedHistories >= 30, "only " + corruptedHistories + " histories had a provably stale read");
    }

    @Test
    void onTinyHistoriesTheCheckerAgreesWithBruteForce() {
        SplittableRandom random = new SplittableRandom(42);
        int[] verdicts = new int[2];
        for (int round = 0; round < 30_000; round++) {
            List<RegisterOp> history = tinyRandomHistory(random);
            boolean expected = BruteForceLinearizability.isLinearizable(history);
            Result result = LinearizabilityChecker.check(history, null);
            assertEquals(
                    expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE,
                    result.verdict(),
                    () -> result.describe() + "\n" + describe(history));
            verdicts[expected ? 1 : 0]++;
        }
        assertTrue(verdicts[0] > 5_000 && verdicts[1] > 5_000, "both verdicts: " + verdicts[0] + "/" + verdicts[1]);
    }

    /**
     * Histories of 20 to 40 operations from a real register, half of them with a read given a value written near it in
     * time (a violation or not, depending on the overlaps), against the memoized brute force: here the checker's
     * prunings (forced observations, canonical INFO placement, interchangeable INFO writes) meet longer histories than
     * the tiny ones can hold.
     */
    @Test
    void onSmallHistoriesWithMisplacedReadsTheCheckerAgreesWithBruteForce() {
        SplittableRandom random = new SplittableRandom(7);
        int[] verdicts = new int[2];
        for (int round = 0; round < 1_500; round++) {
            RandomRegisterHistory.Shape shape =
                    new RandomRegisterHistory.Shape(2 + random.nextInt(3), 20 + random.nextInt(21), 0.25, 0.05, 3, 8);
            List<RegisterOp> history = RandomRegisterHistory.generate(random, "/s", shape, 0);
            if (random.nextBoolean()) {
                // A value written near the read in time: whether reading it is a violation depends on the overlaps.
                int read = randomOkRead(history, random);
                long around = history.get(read).invokeNanos();
                List<String> nearby = history.stream()
                        .filter(op -> op.kind() != OpKind.READ && Math.abs(op.invokeNanos() - around) <= 20)
                        .map(RegisterOp::value)
                        .toList();
                if (!nearby.isEmpty()) {
                    history = RandomRegisterHistory.withRead(history, read, nearby.get(random.nextInt(nearby.size())));
                }
            }
            List<RegisterOp> checked = history;
            boolean expected = BruteForceLinearizability.isLinearizable(checked);
            Result result = LinearizabilityChecker.check(checked, null);
            assertEquals(
                    expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE,
                    result.verdict(),
                    () -> result.describe() + "\n" + describe(checked));
            verdicts[expected ? 1 : 0]++;
        }
        assertTrue(verdicts[0] > 200 && verdicts[1] > 200, "both verdicts: " + verdicts[0] + "/" + verdicts[1]);
    }

    /**
     * Up to 8 operations from up to 4 clients over a few time units, so overlaps and ties abound; up to half of them
     * INFO, some FAIL. Values are either few and repeated, or unique per write (as the workloads write them) with
     * reads and CASes naming values written before.
     */
    private static List<RegisterOp> tinyRandomHistory(SplittableRandom random) {
        Ops ops = new Ops("/t");
        boolean uniqueValues = random.nextBoolean();
        int distinctValues = 2 + random.nextInt(2);
        double infoRate = random.nextDouble() * 0.5;
        int clients = 1 + random.nextInt(4);
        long[] clientFree = new long[clients];
        List<String> written = new ArrayList<>();
        List<RegisterOp> history = new ArrayList<>();
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            int client = random.nextInt(clients);
            long invoke = clientFree[client] + random.nextInt(3);
            long complete = invoke + random.nextInt(5);
            clientFree[client] = complete + 1;
            OpKind kind = OpKind.values()[random.nextInt(3)];
            double roll = random.nextDouble();
            Outcome outcome = roll < infoRate ? Outcome.INFO : roll < infoRate + 0.1 ? Outcome.FAIL : Outcome.OK;
            String value;
            String expected = null;
            if (kind == OpKind.READ) {
                value = random.nextInt(5) == 0 ? null : pick(random, uniqueValues, distinctValues, written);
            } else {
                if (kind == OpKind.CAS) {
                    expected = random.nextInt(6) == 0 ? null : pick(random, uniqueValues, distinctValues, written);
                }
                value = uniqueValues ? "u" + i : "v" + random.nextInt(distinctValues);
                written.add(value);
            }
            boolean swapped = kind == OpKind.CAS && random.nextBoolean();
            history.add(ops.op(client, kind, value, expected, outcome, swapped, invoke, complete));
        }
        return history;
    }

    private static String pick(SplittableRandom random, boolean unique, int distinctValues, List<String> written) {
        if (!unique) {
            return "v" + random.nextInt(distinctValues);
        }
        return written.isEmpty() ? null : written.get(random.nextInt(written.size()));
    }

    private static String describe(List<RegisterOp> history) {
        StringBuilder text = new StringBuilder();
        history.forEach(op -> text.append("  ").append(op.describe(0)).append('\n'));
        return text.toString();
    }

    private static final String NO_STALE_VALUE = new String("none");

    private static String provablyStaleValue(List<RegisterOp> history, RegisterOp read) {
        for (RegisterOp overwrite : history) {
            boolean acknowledgedWrite = overwrite.outcome() == Outcome.OK
                    && (overwrite.kind() == OpKind.WRITE
                            || (overwrite.kind() == OpKind.CAS && overwrite.casSucceeded()));
            if (!acknowledgedWrite || overwrite.completeNanos() >= read.invokeNanos()) {
                continue;
            }
            for (String candidate : candidateValues(history, overwrite)) {
                if (!Objects.equals(candidate, overwrite.value())
                        && !Objects.equals(candidate, read.value())
                        && allWritersOfCompletedBefore(history, candidate, overwrite.invokeNanos())) {
                    return candidate;
                }
            }
        }
        return NO_STALE_VALUE;
    }

    /** Absent (the initial state), and the values written by operations that ended before {@code overwrite} began. */
    private static List<String> candidateValues(List<RegisterOp> history, RegisterOp overwrite) {
        List<String> values = new ArrayList<>();
        values.add(null);
        history.stream()
                .filter(op -> op.kind() != OpKind.READ && op.completeNanos() < overwrite.invokeNanos())
                .map(RegisterOp::value)
                .forEach(values::add);
        return values;
    }

    /** True if every operation that could set the register to {@code value} is OK and completed before {@code time}. */
    private static boolean allWritersOfCompletedBefore(List<RegisterOp> history, String value, long time) {
        return history.stream()
                .filter(op -> op.kind() != OpKind.READ && op.outcome() != Outcome.FAIL)
                .filter(op -> !(op.kind() == OpKind.CAS && op.outcome() == Outcome.OK && !op.casSucceeded()))
                .filter(op -> Objects.equals(op.value(), value))
                .allMatch(op -> op.outcome() == Outcome.OK && op.completeNanos() < time);
    }

    private static int randomOkRead(List<RegisterOp> history, SplittableRandom random) {
        int[] reads = IntStream.range(0, history.size())
                .filter(i ->
                        history.get(i).kind() == OpKind.READ && history.get(i).outcome() == Outcome.OK)
                .toArray();
        return reads[random.nextInt(reads.length)];
    }

    private static Result assertFailsAt(List<RegisterOp> corrupted, long readId, String context) {
        Result result = LinearizabilityChecker.check(corrupted, null);
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), () -> context + ": " + result.describe());
        assertEquals(readId, result.failedOp().id(), () -> context + ": " + result.describe());
        assertTrue(result.windowIds().contains(readId), () -> context + ": " + result.describe());
        assertTrue(result.window().size() <= FailureWindow.MAX_OPS, () -> context + ": " + result.describe());
        return result;
    }
}
