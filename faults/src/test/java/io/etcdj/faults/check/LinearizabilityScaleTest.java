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
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sizes the fault suite checks get a definite verdict within the default search bound. Not a timed assertion:
 * the bound is what keeps a check short; the test proves these histories need far less than it. The histories are
 * seeded, so the configuration counts are exact; the ceilings asserted are ten times today's counts, to catch a search
 * that lost one of its prunings (without the INFO rules the corrupted history below needed over 5,000,000).
 */
class LinearizabilityScaleTest {
    /** 10 clients, each op overlapping about ten others, 5% INFO (half of which take effect), 2% FAIL. */
    private static final RandomRegisterHistory.Shape TEN_CLIENTS =
            new RandomRegisterHistory.Shape(10, 5_000, 0.05, 0.02, 10, 100);

    @Test
    void fiveThousandOperationsOnOneKeyGetADefiniteVerdict() {
        List<RegisterOp> history = RandomRegisterHistory.generate(new SplittableRandom(7), "/r", TEN_CLIENTS, 0);
        Result result = LinearizabilityChecker.check(history, null);
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::describe);
        assertTrue(result.configurationsExplored() < 100_000, result::describe);

        int read = lastOkRead(history);
        Result corrupted = LinearizabilityChecker.check(RandomRegisterHistory.withRead(history, read, "bogus"), null);
        assertEquals(Verdict.NOT_LINEARIZABLE, corrupted.verdict(), corrupted::describe);
        assertEquals(history.get(read).id(), corrupted.failedOp().id(), corrupted::describe);
        assertTrue(corrupted.window().size() <= FailureWindow.MAX_OPS, corrupted::describe);
        assertTrue(corrupted.configurationsExplored() < 1_000_000, corrupted::describe);
    }

    /**
     * A partition can turn many operations INFO. Each INFO write that never took effect stays pending to the end, and
     * without the rule that such writes are interchangeable this history was UNKNOWN at the default bound.
     */
    @Test
    void aCorruptedHistoryWithOneOperationInFiveInfoGetsADefiniteVerdict() {
        RandomRegisterHistory.Shape manyInfo = new RandomRegisterHistory.Shape(10, 5_000, 0.2, 0.02, 10, 100);
        List<RegisterOp> history = RandomRegisterHistory.generate(new SplittableRandom(1), "/r", manyInfo, 0);
        assertEquals(
                Verdict.LINEARIZABLE,
                LinearizabilityChecker.check(history, null).verdict());
        int read = lastOkRead(history);
        Result corrupted = LinearizabilityChecker.check(RandomRegisterHistory.withRead(history, read, "bogus"), null);
        assertEquals(Verdict.NOT_LINEARIZABLE, corrupted.verdict(), corrupted::describe);
        assertEquals(history.get(read).id(), corrupted.failedOp().id(), corrupted::describe);
    }

    @Test
    void twentyThousandOperationsOverFiveKeysGetADefiniteVerdict() {
        SplittableRandom random = new SplittableRandom(11);
        RandomRegisterHistory.Shape shape = new RandomRegisterHistory.Shape(10, 4_000, 0.05, 0.02, 10, 100);
        List<RegisterOp> history = new ArrayList<>();
        for (int key = 0; key < 5; key++) {
            history.addAll(RandomRegisterHistory.generate(random, "/r/" + key, shape, key * 1_000_000L));
        }
        Map<String, Result> results = LinearizabilityChecker.checkAll(history);
        assertEquals(5, results.size());
        results.values().forEach(result -> assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::describe));
    }

    private static int lastOkRead(List<RegisterOp> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).kind() == OpKind.READ && history.get(i).outcome() == Outcome.OK) {
                return i;
            }
        }
        throw new AssertionError("no OK read");
    }
}
