package io.etcdj.faults.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Checks what watchers received against each other and against the acknowledged writes:
 *
 * <ul>
 *   <li>within one watcher, indexes strictly increase (no event twice, none out of order), each event lies inside the
 *       segment that received it (not before the index asked for) and is on a key the watcher watches;
 *   <li>two watchers never disagree on the event at one index, and a watcher's event at the index of an acknowledged
 *       write is that write (key and value);
 *   <li>every acknowledged write on a watched key whose index lies inside a watcher's segment (not in a gap it declared
 *       by restarting after a 401) was received by that watcher;
 *   <li>no two acknowledged writes share an index.
 * </ul>
 */
public final class WatchChecker {
    /** How many violations {@link Result#describe()} spells out (the list itself is complete). */
    static final int DESCRIBED_VIOLATIONS = 5;

    private WatchChecker() {}

    public static Result check(List<WatcherLog> watchers, List<AckedWrite> ackedWrites) {
        Objects.requireNonNull(watchers, "watchers");
        Objects.requireNonNull(ackedWrites, "ackedWrites");
        List<Violation> violations = new ArrayList<>();
        NavigableMap<Long, AckedWrite> acked = new TreeMap<>();
        for (AckedWrite write : ackedWrites) {
            AckedWrite other = acked.putIfAbsent(write.modifiedIndex(), write);
            if (other != null) {
                violations.add(new Violation(
                        null,
                        write.modifiedIndex(),
                        Violation.Kind.DUPLICATE_ACK,
                        "two writes were acknowledged with index " + write.modifiedIndex() + ": " + other + " and "
                                + write));
            }
        }
        Map<Long, Seen> firstSeen = new HashMap<>();
        int events = 0;
        int expected = 0;
        for (WatcherLog watcher : watchers) {
            long previous = Long.MIN_VALUE;
            for (WatchSegment segment : watcher.segments()) {
                Map<Long, WatchEvent> received = new HashMap<>();
                for (WatchEvent event : segment.events()) {
                    events++;
                    long index = event.modifiedIndex();
                    if (index <= previous) {
                        violations.add(new Violation(
                                watcher.watcher(),
                                index,
                                index == previous ? Violation.Kind.DUPLICATE : Violation.Kind.REORDERED,
                                "received " + event + " after an event with index " + previous));
                    }
                    previous = Math.max(previous, index);
                    if (index < segment.fromIndex()) {
                        violations.add(new Violation(
                                watcher.watcher(),
                                index,
                                Violation.Kind.BEFORE_WINDOW,
                                "received " + event + " though it watched from index " + segment.fromIndex()));
                    }
                    if (!watcher.watches(event.key())) {
                        violations.add(new Violation(
                                watcher.watcher(),
                                index,
                                Violation.Kind.FOREIGN_KEY,
                                "received " + event + " though it watches " + watcher.keyPrefix()));
                    }
                    received.putIfAbsent(index, event);
                    checkAgreement(watcher, event, firstSeen, acked.get(index), violations);
                }
                for (AckedWrite write : acked.subMap(segment.fromIndex(), true, segment.throughIndex(), true)
                        .values()) {
                    if (!watcher.watches(write.key())) {
                        continue;
                    }
                    expected++;
                    if (!received.containsKey(write.modifiedIndex())) {
                        violations.add(new Violation(
                                watcher.watcher(),
                                write.modifiedIndex(),
                                Violation.Kind.MISSED,
                                "never received the acknowledged " + write + " though it watched indexes "
                                        + segment.fromIndex() + ".." + segment.throughIndex()));
                    }
                }
            }
        }
        return new Result(watchers.size(), events, ackedWrites.size(), expected, List.copyOf(violations));
    }

    private record Seen(String watcher, WatchEvent event) {}

    private static void checkAgreement(
            WatcherLog watcher, WatchEvent event, Map<Long, Seen> firstSeen, AckedWrite ack, List<Violation> out) {
        long index = event.modifiedIndex();
        Seen first = firstSeen.putIfAbsent(index, new Seen(watcher.watcher(), event));
        if (first != null
                && !first.watcher().equals(watcher.watcher())
                && !first.event().equals(event)) {
            out.add(new Violation(
                    watcher.watcher(),
                    index,
                    Violation.Kind.DISAGREEMENT,
                    "received " + event + " but " + first.watcher() + " received " + first.event()
                            + " at the same index"));
        }
        if (ack != null && (!ack.key().equals(event.key()) || !Objects.equals(ack.value(), event.value()))) {
            out.add(new Violation(
                    watcher.watcher(),
                    index,
                    Violation.Kind.NOT_THE_ACKED_WRITE,
                    "received " + event + " but the write acknowledged with index " + index + " was " + ack));
        }
    }

    /**
     * One thing a watcher (or the cluster) got wrong.
     *
     * @param watcher the watcher concerned; null for the acknowledged writes themselves
     * @param index the index concerned
     */
    public record Violation(String watcher, long index, Kind kind, String explanation) {
        public enum Kind {
            /** The same index twice in a row. */
            DUPLICATE,
            /** An index lower than one received before. */
            REORDERED,
            /** An event older than the index the watcher asked for. */
            BEFORE_WINDOW,
            /** An event on a key the watcher does not watch. */
            FOREIGN_KEY,
            /** Two watchers received different events at one index. */
            DISAGREEMENT,
            /** The event at an acknowledged write's index is not that write. */
            NOT_THE_ACKED_WRITE,
            /** An acknowledged write inside a watcher's window that it never received. */
            MISSED,
            /** Two acknowledged writes with the same index. */
            DUPLICATE_ACK
        }

        @Override
        public String toString() {
            return kind + " at index " + index + (watcher == null ? "" : " (watcher " + watcher + ")") + ": "
                    + explanation;
        }
    }

    /**
     * What the watch check found.
     *
     * @param expectedDeliveries how many (watcher, acknowledged write) pairs had to be delivered
     */
    public record Result(
            int watchers, int events, int ackedWrites, int expectedDeliveries, List<Violation> violations) {
        public boolean ok() {
            return violations.isEmpty();
        }

        public String describe() {
            String summary = "watch: " + (ok() ? "OK" : "FAILED") + ": " + watchers + " watchers, " + events
                    + " events, " + ackedWrites + " acknowledged writes (" + expectedDeliveries + " deliveries due); "
                    + violations.size() + " violations";
            if (ok()) {
                return summary;
            }
            List<String> first = violations.stream()
                    .limit(DESCRIBED_VIOLATIONS)
                    .map(Violation::toString)
                    .toList();
            return summary + ": " + String.join("; ", first) + (violations.size() > first.size() ? "; ..." : "");
        }
    }
}
