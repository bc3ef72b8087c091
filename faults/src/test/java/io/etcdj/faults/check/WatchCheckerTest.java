package io.etcdj.faults.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.faults.check.WatchChecker.Violation.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchCheckerTest {
    private static final List<AckedWrite> ACKED = List.of(
            new AckedWrite("/w/a", "1", 10),
            new AckedWrite("/w/b", "2", 11),
            new AckedWrite("/w/a", "3", 12),
            new AckedWrite("/w/c", "4", 20),
            new AckedWrite("/w/a", "5", 21));

    private static WatchEvent set(long index, String key, String value) {
        return new WatchEvent(index, "set", key, value);
    }

    private static List<WatchEvent> events(long... indexes) {
        return java.util.Arrays.stream(indexes)
                .mapToObj(index -> ACKED.stream()
                        .filter(write -> write.modifiedIndex() == index)
                        .findFirst()
                        .map(write -> set(index, write.key(), write.value()))
                        .orElseThrow())
                .toList();
    }

    @Test
    void watchersThatReceivedEveryAcknowledgedWriteInTheirWindowsAreOk() {
        WatcherLog full = new WatcherLog("m1", "/w", List.of(WatchSegment.ofEvents(1, events(10, 11, 12, 20, 21))));
        // Restarted after a 401: 11..19 is a declared gap, so missing 11 and 12 is allowed.
        WatcherLog resumed = new WatcherLog(
                "m2", "/w", List.of(WatchSegment.ofEvents(5, events(10)), WatchSegment.ofEvents(20, events(20, 21))));
        // Started late and stopped early: only 11..12 are due.
        WatcherLog late = new WatcherLog("m3", "/w", List.of(WatchSegment.ofEvents(11, events(11, 12))));
        WatchChecker.Result result = WatchChecker.check(List.of(full, resumed, late), ACKED);
        assertTrue(result.ok(), result::describe);
        assertEquals(5 + 3 + 2, result.expectedDeliveries());
    }

    @Test
    void aMissedWriteInsideTheWindowIsAViolation() {
        WatcherLog watcher = new WatcherLog("m1", "/w", List.of(WatchSegment.ofEvents(1, events(10, 12, 20, 21))));
        WatchChecker.Result result = WatchChecker.check(List.of(watcher), ACKED);
        assertEquals(1, result.violations().size(), result::describe);
        WatchChecker.Violation missed = result.violations().get(0);
        assertEquals(Kind.MISSED, missed.kind());
        assertEquals(11, missed.index());
        assertEquals("m1", missed.watcher());
        assertTrue(result.describe().contains("MISSED at index 11"), result::describe);
    }

    @Test
    void aSegmentVouchingForMoreThanItsLastEventMustHaveEverythingUpToThere() {
        WatcherLog watcher = new WatcherLog("m1", "/w", List.of(new WatchSegment(1, 25, events(10, 11, 12, 20))));
        WatchChecker.Result result = WatchChecker.check(List.of(watcher), ACKED);
        assertEquals(List.of(Kind.MISSED), kinds(result));
        assertEquals(21, result.violations().get(0).index());
    }

    @Test
    void duplicateAndReorderedEventsAreViolations() {
        List<WatchEvent> duplicated = List.of(set(10, "/w/a", "1"), set(10, "/w/a", "1"), set(11, "/w/b", "2"));
        WatcherLog twice = new WatcherLog("m1", "/w", List.of(WatchSegment.ofEvents(10, duplicated)));
        assertEquals(List.of(Kind.DUPLICATE), kinds(WatchChecker.check(List.of(twice), ACKED.subList(0, 2))));

        List<WatchEvent> swapped = List.of(set(11, "/w/b", "2"), set(10, "/w/a", "1"));
        WatcherLog reordered = new WatcherLog("m1", "/w", List.of(WatchSegment.ofEvents(10, swapped)));
        assertEquals(List.of(Kind.REORDERED), kinds(WatchChecker.check(List.of(reordered), ACKED.subList(0, 2))));
    }

    @Test
    void anEventOlderThanTheIndexAskedForIsAViolation() {
        WatcherLog watcher = new WatcherLog("m1", "/w", List.of(WatchSegment.ofEvents(11, events(10, 11, 12))));
        assertEquals(List.of(Kind.BEFORE_WINDOW), kinds(WatchChecker.check(List.of(watcher), ACKED.subList(0, 3))));
    }

    @Test
    void onlyWatchedKeysAreDueAndOnlyWatchedKeysMayArrive() {
        List<AckedWrite> acked = List.of(
                new AckedWrite("/w/a", "1", 10),
                new AckedWrite("/other", "x", 11),
                new AckedWrite("/w/_hidden", "h", 12),
                new AckedWrite("/w", "dir-itself", 13));
        WatcherLog watcher = new WatcherLog(
                "m1",
                "/w/",
                List.of(new WatchSegment(1, 13, List.of(set(10, "/w/a", "1"), set(13, "/w", "dir-itself")))));
        assertTrue(WatchChecker.check(List.of(watcher), acked).ok(), "/other and the hidden key are not due");

        WatcherLog foreign = new WatcherLog(
                "m1", "/w", List.of(new WatchSegment(1, 13, List.of(set(10, "/w/a", "1"), set(11, "/other", "x")))));
        assertEquals(List.of(Kind.FOREIGN_KEY, Kind.MISSED), kinds(WatchChecker.check(List.of(foreign), acked)));
    }

    @Test
    void watchersDisagreeingOnAnIndexOrOnTheAcknowledgedWriteAreViolations() {
        WatcherLog first = new WatcherLog("m1", List.of(WatchSegment.ofEvents(10, List.of(set(10, "/w/a", "1")))));
        WatcherLog second = new WatcherLog("m2", List.of(WatchSegment.ofEvents(10, List.of(set(10, "/w/a", "9")))));
        WatchChecker.Result result = WatchChecker.check(List.of(first, second), ACKED.subList(0, 1));
        assertEquals(List.of(Kind.DISAGREEMENT, Kind.NOT_THE_ACKED_WRITE), kinds(result));
        assertEquals("m2", result.violations().get(0).watcher());

        WatcherLog unacked = new WatcherLog("m1", List.of(WatchSegment.ofEvents(1, List.of(set(5, "/w/z", "?")))));
        WatcherLog agreeing = new WatcherLog("m2", List.of(WatchSegment.ofEvents(1, List.of(set(5, "/w/z", "?")))));
        assertTrue(
                WatchChecker.check(List.of(unacked, agreeing), List.of()).ok(),
                "events of writes whose acknowledgement was lost (INFO) are fine as long as watchers agree");
    }

    @Test
    void twoWritesAcknowledgedWithOneIndexAreAViolation() {
        List<AckedWrite> acked = List.of(new AckedWrite("/w/a", "1", 10), new AckedWrite("/w/b", "2", 10));
        assertEquals(List.of(Kind.DUPLICATE_ACK), kinds(WatchChecker.check(List.of(), acked)));
    }

    @Test
    void segmentsMustBeInOrderAndCoverTheirEvents() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new WatcherLog(
                        "m1", List.of(WatchSegment.ofEvents(1, events(10)), WatchSegment.ofEvents(5, events(11)))));
        assertThrows(IllegalArgumentException.class, () -> new WatchSegment(1, 10, events(12)));
        assertThrows(IllegalArgumentException.class, () -> WatchSegment.ofEvents(0, List.of()));
    }

    private static List<Kind> kinds(WatchChecker.Result result) {
        return result.violations().stream().map(WatchChecker.Violation::kind).toList();
    }
}
