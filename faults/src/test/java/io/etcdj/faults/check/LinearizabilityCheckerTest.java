package io.etcdj.faults.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.faults.check.LinearizabilityChecker.Result;
import io.etcdj.faults.check.LinearizabilityChecker.Result.Verdict;
import io.etcdj.faults.history.OpKind;
import io.etcdj.faults.history.RegisterOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-made histories whose verdict a person can work out on paper. */
class LinearizabilityCheckerTest {
    private final Ops ops = new Ops("/r");

    @Test
    void aSequentialHistoryOfEveryKindIsLinearizable() {
        List<RegisterOp> history = List.of(
                ops.read(0, null, 0, 1),
                ops.write(0, "a", 2, 3),
                ops.read(1, "a", 4, 5),
                ops.cas(0, "a", "b", true, 6, 7),
                ops.cas(1, "a", "c", false, 8, 9),
                ops.read(1, "b", 10, 11));
        assertLinearizable(history);
    }

    @Test
    void concurrentOperationsMayTakeEffectInEitherOrder() {
        // The read that overlaps the write may see the old value; the later overlapping read the new one; the two
        // overlapping writes may land in the order opposite to their invocations.
        assertLinearizable(List.of(
                ops.write(0, "a", 0, 10), ops.read(1, null, 1, 2), ops.read(2, "a", 3, 4), ops.read(1, "a", 5, 6)));
        assertLinearizable(List.of(ops.write(0, "a", 0, 10), ops.write(1, "b", 1, 9), ops.read(2, "a", 11, 12)));
    }

    @Test
    void intervalsThatOnlyTouchAreConcurrent() {
        // The write completes at 5 and the read is invoked at 5: not strictly before, so the read may come first.
        assertLinearizable(List.of(ops.write(0, "a", 0, 1), ops.write(0, "b", 2, 5), ops.read(1, "a", 5, 6)));
    }

    @Test
    void anInfoWriteMayHaveTakenEffect() {
        assertLinearizable(List.of(
                ops.write(0, "a", 0, 1),
                ops.info(1, OpKind.WRITE, null, "b", 2),
                ops.read(0, "b", 100, 101),
                ops.read(2, "b", 200, 201)));
    }

    @Test
    void anInfoWriteMayNeverHaveTakenEffect() {
        assertLinearizable(List.of(
                ops.write(0, "a", 0, 1),
                ops.info(1, OpKind.WRITE, null, "b", 2),
                ops.read(0, "a", 100, 101),
                ops.read(2, "a", 200, 201)));
    }

    @Test
    void anInfoWriteMayTakeEffectLongAfterItsClientGaveUp() {
        // The INFO op's own completion (3) is ignored: it may land between the two reads.
        assertLinearizable(List.of(
                ops.write(0, "a", 0, 1),
                ops.info(1, OpKind.WRITE, null, "b", 2),
                ops.read(0, "a", 100, 101),
                ops.read(2, "b", 200, 201)));
    }

    @Test
    void anInfoCasTakesEffectOnlyWhereItsCompareHolds() {
        assertLinearizable(
                List.of(ops.write(0, "a", 0, 1), ops.info(1, OpKind.CAS, "a", "b", 2), ops.read(0, "b", 10, 11)));
        assertLinearizable(
                List.of(ops.write(0, "a", 0, 1), ops.info(1, OpKind.CAS, "a", "b", 2), ops.read(0, "a", 10, 11)));
        // Its compare never holds, so it can never produce its new value.
        assertNotLinearizable(
                List.of(ops.write(0, "a", 0, 1), ops.info(1, OpKind.CAS, "x", "b", 2), ops.read(0, "b", 10, 11)), 2);
    }

    @Test
    void aRefusedCasIsAnObservationThatTheValueDiffered() {
        assertLinearizable(List.of(ops.write(0, "a", 0, 1), ops.cas(1, "b", "c", false, 2, 3), ops.read(0, "a", 4, 5)));
        // Refused although the value was the expected one, with nothing concurrent to change it.
        assertNotLinearizable(List.of(ops.write(0, "a", 0, 1), ops.cas(1, "a", "c", false, 2, 3)), 1);
        // A CAS on an absent key with a null expected value compares with "absent".
        assertLinearizable(List.of(ops.cas(0, null, "a", true, 0, 1), ops.read(1, "a", 2, 3)));
    }

    @Test
    void failedOperationsAndInfoReadsAreIgnored() {
        assertLinearizable(List.of(
                ops.write(0, "a", 0, 1),
                ops.fail(1, OpKind.WRITE, null, "b", 2, 3),
                ops.fail(1, OpKind.CAS, "a", "c", 4, 5),
                ops.info(2, OpKind.READ, null, "zzz", 6),
                ops.read(0, "a", 10, 11)));
    }

    @Test
    void aStaleReadAfterACompletedWriteIsNotLinearizable() {
        List<RegisterOp> history = List.of(ops.write(0, "a", 0, 1), ops.write(1, "b", 2, 3), ops.read(2, "a", 4, 5));
        Result result = assertNotLinearizable(history, 2);
        assertEquals("b", result.stateBeforeFailedOp());
        assertEquals(ids(history), result.windowIds(), result::describe);
    }

    @Test
    void aReadOfAValueNeverWrittenIsNotLinearizable() {
        assertNotLinearizable(List.of(ops.write(0, "a", 0, 1), ops.read(1, "z", 2, 3)), 1);
        // Not even by a write invoked after the read had returned.
        assertNotLinearizable(List.of(ops.read(1, "z", 0, 1), ops.info(0, OpKind.WRITE, null, "z", 2)), 0);
    }

    @Test
    void aValueWrittenOnlyByAFailedWriteMustNotBeRead() {
        List<RegisterOp> history =
                List.of(ops.write(0, "a", 0, 1), ops.fail(1, OpKind.WRITE, null, "b", 2, 3), ops.read(0, "b", 4, 5));
        Result result = assertNotLinearizable(history, 2);
        assertTrue(
                result.windowIds().contains(history.get(1).id()),
                "the window shows the failed write of the value read");
    }

    @Test
    void twoReadsSeeingNewThenOldInRealTimeOrderAreNotLinearizable() {
        List<RegisterOp> history = List.of(
                ops.write(0, "a", 0, 1), ops.write(1, "b", 2, 10), ops.read(2, "b", 3, 4), ops.read(3, "a", 5, 6));
        Result result = assertNotLinearizable(history, 3);
        assertEquals(ids(history), result.windowIds(), result::describe);
    }

    @Test
    void aCasThatSucceededThoughTheValueDifferedIsNotLinearizable() {
        assertNotLinearizable(List.of(ops.write(0, "a", 0, 1), ops.cas(1, "x", "y", true, 2, 3)), 1);
    }

    @Test
    void aLostWriteIsNotLinearizable() {
        // The swap to 'b' was acknowledged, yet a later read sees the value from before it.
        List<RegisterOp> history = List.of(
                ops.write(0, "a", 0, 1),
                ops.cas(1, "a", "b", true, 2, 3),
                ops.read(2, "b", 4, 5),
                ops.read(0, "a", 6, 7));
        Result result = assertNotLinearizable(history, 3);
        assertTrue(
                result.windowIds().contains(history.get(1).id()),
                "the window shows the lost write: " + result.describe());
    }

    @Test
    void aSearchThatReachesItsBoundAnswersUnknownWithTheReason() {
        List<RegisterOp> history = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            history.add(ops.write(i % 3, "v" + i, 10L * i, 10L * i + 5));
        }
        Result result = LinearizabilityChecker.check(history, null, 5);
        assertEquals(Verdict.UNKNOWN, result.verdict(), result::describe);
        assertTrue(result.reason().contains("5 configurations"), result::describe);
        assertEquals(
                Verdict.LINEARIZABLE,
                LinearizabilityChecker.check(history, null).verdict());
    }

    @Test
    void checkAllChecksEachKeyAsItsOwnRegister() {
        Ops other = new Ops("/s");
        List<RegisterOp> history = List.of(ops.write(0, "a", 0, 1), other.read(1, "a", 2, 3), ops.read(0, "a", 4, 5));
        Map<String, Result> results = LinearizabilityChecker.checkAll(history);
        assertEquals(List.of("/r", "/s"), List.copyOf(results.keySet()));
        assertEquals(Verdict.LINEARIZABLE, results.get("/r").verdict(), results.get("/r")::describe);
        assertEquals(Verdict.NOT_LINEARIZABLE, results.get("/s").verdict(), "'/s' was never written 'a'");
    }

    @Test
    void anEmptyHistoryIsLinearizable() {
        assertEquals(
                Verdict.LINEARIZABLE,
                LinearizabilityChecker.check(List.of(), null).verdict());
        assertEquals(Map.of(), LinearizabilityChecker.checkAll(List.of()));
    }

    @Test
    void invalidHistoriesAreRefusedWithAClearMessage() {
        RegisterOp onR = ops.write(0, "a", 0, 1);
        RegisterOp onS = new Ops("/s").write(1, "b", 2, 3);
        IllegalArgumentException mixed = assertThrows(
                IllegalArgumentException.class, () -> LinearizabilityChecker.check(List.of(onR, onS), null));
        assertTrue(mixed.getMessage().contains("checkAll"), mixed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinearizabilityChecker.check(List.of(onR, onR), null));
        RegisterOp backwards = ops.read(0, null, 10, 9);
        assertThrows(IllegalArgumentException.class, () -> LinearizabilityChecker.check(List.of(backwards), null));
        assertThrows(IllegalArgumentException.class, () -> LinearizabilityChecker.check(List.of(onR), null, 0));
    }

    @Test
    void describeNamesTheFailedOperationAndTheWindow() {
        Result result = LinearizabilityChecker.check(
                List.of(ops.write(0, "a", 100, 101), ops.write(1, "b", 102, 103), ops.read(2, "a", 104, 105)), null);
        String line = result.describe();
        assertTrue(line.startsWith("key /r: NOT_LINEARIZABLE: #2 c2 READ -> 'a' OK [4..5]ns"), line);
        assertTrue(line.contains("held 'b'"), line);
        assertTrue(!line.contains("\n"), "one line");
        assertTrue(result.describeWindow().contains("=> #2 c2 READ"), result.describeWindow());
    }

    private static List<Long> ids(List<RegisterOp> history) {
        return history.stream().map(RegisterOp::id).toList();
    }

    private static void assertLinearizable(List<RegisterOp> history) {
        Result result = LinearizabilityChecker.check(history, null);
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::describe);
        assertNull(result.failedOp());
        assertEquals(List.of(), result.window());
    }

    /** Asserts the verdict, that history.get(offending) is the op that failed, and that the window contains it. */
    private static Result assertNotLinearizable(List<RegisterOp> history, int offending) {
        long offendingId = history.get(offending).id();
        Result result = LinearizabilityChecker.check(history, null);
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::describe);
        assertEquals(offendingId, result.failedOp().id(), result::describe);
        assertTrue(result.windowIds().contains(offendingId), result::describe);
        return result;
    }
}
