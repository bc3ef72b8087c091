package io.etcdj.faults.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.faults.history.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetCheckerTest {
    private static final List<AddOp> ADDS = List.of(
            new AddOp(0, "a", Outcome.OK),
            new AddOp(1, "b", Outcome.OK),
            new AddOp(2, "c", Outcome.FAIL),
            new AddOp(3, "d", Outcome.INFO),
            new AddOp(4, "e", Outcome.INFO));

    @Test
    void everyAcknowledgedAddReadByEveryMemberIsOk() {
        Set<String> read = Set.of("a", "b", "d");
        SetChecker.Result result = SetChecker.check(ADDS, Map.of("m1", read, "m2", read, "m3", read));
        assertTrue(result.ok(), result::describe);
        assertEquals(Set.of("d"), result.recovered(), "the INFO add that took effect");
        assertEquals(2, result.okAdds());
        assertEquals(1, result.failedAdds());
        assertEquals(2, result.infoAdds());
        assertTrue(result.describe().startsWith("set: OK: 5 adds (2 OK, 1 FAIL, 2 INFO of which 1 recovered)"));
    }

    @Test
    void anAcknowledgedAddMissingFromEveryReadIsLost() {
        Set<String> read = Set.of("a");
        SetChecker.Result result = SetChecker.check(ADDS, Map.of("m1", read, "m2", read));
        assertFalse(result.ok());
        assertEquals(Set.of("b"), result.lost());
        assertEquals(List.of(), result.disagreements(), "the members agree on the loss");
        assertTrue(result.describe().contains("lost 1 [b]"), result::describe);
    }

    @Test
    void anAcknowledgedAddMissingFromOneMemberIsLostAndADisagreement() {
        SetChecker.Result result =
                SetChecker.check(ADDS, Map.of("m1", Set.of("a", "b"), "m2", Set.of("a", "b"), "m3", Set.of("a")));
        assertFalse(result.ok());
        assertEquals(Set.of("b"), result.lost());
        assertEquals(List.of("'b' read by [m1, m2], missing from [m3]"), result.disagreements());
    }

    @Test
    void aFailedAddThatIsReadIsUnexpected() {
        Set<String> read = Set.of("a", "b", "c");
        SetChecker.Result result = SetChecker.check(ADDS, Map.of("m1", read, "m2", read));
        assertFalse(result.ok());
        assertEquals(Set.of("c"), result.unexpected());
    }

    @Test
    void anElementNeverAddedIsReported() {
        Set<String> read = Set.of("a", "b", "zz");
        SetChecker.Result result = SetChecker.check(ADDS, Map.of("m1", read));
        assertFalse(result.ok());
        assertEquals(Set.of("zz"), result.unknown());
    }

    @Test
    void membersDisagreeingOnAnInfoAddIsAFailure() {
        SetChecker.Result result = SetChecker.check(ADDS, Map.of("m1", Set.of("a", "b", "e"), "m2", Set.of("a", "b")));
        assertFalse(result.ok(), "an INFO add may or may not have happened, but not on one member only");
        assertEquals(Set.of("e"), result.recovered());
        assertEquals(List.of("'e' read by [m1], missing from [m2]"), result.disagreements());
    }

    @Test
    void invalidInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SetChecker.check(ADDS, Map.of()));
        List<AddOp> twice = List.of(new AddOp(0, "a", Outcome.OK), new AddOp(1, "a", Outcome.FAIL));
        assertThrows(IllegalArgumentException.class, () -> SetChecker.check(twice, Map.of("m1", Set.of("a"))));
    }
}
