package io.etcdj.faults.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.faults.history.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class InOrderKeysCheckerTest {
    private static String key(long index) {
        return "/q/" + String.format("%020d", index);
    }

    private static InOrderPost ok(long index) {
        return new InOrderPost(key(index), index, Outcome.OK);
    }

    @Test
    void acknowledgedKeysListedInIndexOrderAreOk() {
        List<InOrderPost> posts = List.of(
                ok(7), ok(3), new InOrderPost(null, 0, Outcome.FAIL), new InOrderPost(null, 0, Outcome.INFO), ok(12));
        // The INFO POST took effect as index 9.
        InOrderKeysChecker.Result result = InOrderKeysChecker.check(posts, List.of(key(3), key(7), key(9), key(12)));
        assertTrue(result.ok(), result::describe);
        assertEquals(1, result.unaccountedKeys());
        assertTrue(result.describe().startsWith("in-order keys: OK: 5 POSTs (3 OK, 1 FAIL, 1 INFO)"), result::describe);
    }

    @Test
    void anAcknowledgedKeyMissingFromTheListingIsLost() {
        InOrderKeysChecker.Result result = InOrderKeysChecker.check(List.of(ok(3), ok(7)), List.of(key(3)));
        assertEquals(1, result.violations().size(), result::describe);
        assertTrue(result.violations().get(0).contains("missing from the final listing"), result::describe);
    }

    @Test
    void twoPostsWithTheSameKeyOrIndexAreViolations() {
        InOrderPost sameKey = new InOrderPost(key(3), 4, Outcome.OK);
        InOrderKeysChecker.Result result = InOrderKeysChecker.check(List.of(ok(3), sameKey), List.of(key(3)));
        assertFalse(result.ok());
        assertTrue(result.violations().stream().anyMatch(v -> v.startsWith("two acknowledged POSTs created")));
        assertTrue(result.violations().stream().anyMatch(v -> v.contains("named after its index")));

        InOrderPost sameIndex = new InOrderPost("/q/other", 3, Outcome.OK);
        InOrderKeysChecker.Result indexes =
                InOrderKeysChecker.check(List.of(ok(3), sameIndex), List.of(key(3), "/q/other"));
        assertTrue(indexes.violations().stream().anyMatch(v -> v.startsWith("two acknowledged POSTs got index 3")));
    }

    @Test
    void keysListedOutOfIndexOrderAreAViolation() {
        InOrderKeysChecker.Result result =
                InOrderKeysChecker.check(List.of(ok(3), ok(7), ok(12)), List.of(key(3), key(12), key(7)));
        assertEquals(1, result.violations().size(), result::describe);
        assertTrue(result.violations().get(0).startsWith(key(12) + " (index 12) is listed before " + key(7)));
    }

    @Test
    void aKeyListedTwiceOrMoreUnknownKeysThanInfoPostsAreViolations() {
        InOrderKeysChecker.Result twice = InOrderKeysChecker.check(List.of(ok(3)), List.of(key(3), key(3)));
        assertTrue(twice.violations().get(0).contains("twice"), twice::describe);

        InOrderKeysChecker.Result phantom = InOrderKeysChecker.check(List.of(ok(3)), List.of(key(3), key(4)));
        assertEquals(1, phantom.violations().size(), phantom::describe);
        assertTrue(phantom.violations().get(0).contains("only 0 POSTs had an unknown outcome"), phantom::describe);
    }
}
