package io.etcdj.faults.check;

import io.etcdj.faults.history.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks the set workload: after healing, every member's quorum read of the directory must hold every acknowledged
 * add (nothing lost), no add that certainly failed, nothing never added, and all members must read the same set.
 */
public final class SetChecker {
    /** How many elements of each kind a {@link Result#describe()} line names (the sets themselves are complete). */
    static final int NAMED_IN_DESCRIPTION = 10;
    /** How many disagreement lines a result keeps: past that it says how many more there were. */
    static final int MAX_DISAGREEMENT_LINES = 50;

    private SetChecker() {}

    /**
     * @param adds every add attempted, with its outcome
     * @param finalReads per member name, the elements its final read returned
     * @throws IllegalArgumentException if two adds have the same element, there are no final reads, or a read holds
     *     null
     */
    public static Result check(List<AddOp> adds, Map<String, Set<String>> finalReads) {
        Objects.requireNonNull(adds, "adds");
        Objects.requireNonNull(finalReads, "finalReads");
        if (finalReads.isEmpty()) {
            throw new IllegalArgumentException("no final reads: the set cannot be checked without one");
        }
        Map<String, Outcome> outcomes = new HashMap<>();
        for (AddOp add : adds) {
            if (outcomes.put(add.element(), add.outcome()) != null) {
                throw new IllegalArgumentException(
                        "element '" + add.element() + "' was added twice (op #" + add.id() + "): adds must be unique");
            }
        }
        Map<String, SortedSet<String>> readers = new TreeMap<>();
        finalReads.forEach((member, elements) -> {
            for (String element : elements) {
                if (element == null) {
                    throw new IllegalArgumentException("member " + member + "'s final read holds a null element");
                }
                readers.computeIfAbsent(element, e -> new TreeSet<>()).add(member);
            }
        });

        SortedSet<String> lost = new TreeSet<>();
        SortedSet<String> unexpected = new TreeSet<>();
        SortedSet<String> recovered = new TreeSet<>();
        SortedSet<String> unknown = new TreeSet<>();
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        outcomes.forEach((element, outcome) -> {
            counts.merge(outcome, 1, Integer::sum);
            int readBy =
                    readers.getOrDefault(element, Collections.emptySortedSet()).size();
            if (outcome == Outcome.OK && readBy < finalReads.size()) {
                lost.add(element);
            } else if (outcome == Outcome.FAIL && readBy > 0) {
                unexpected.add(element);
            } else if (outcome == Outcome.INFO && readBy > 0) {
                recovered.add(element);
            }
        });
        readers.keySet().stream().filter(e -> !outcomes.containsKey(e)).forEach(unknown::add);

        List<String> disagreements = new ArrayList<>();
        int disagreeing = 0;
        SortedSet<String> members = new TreeSet<>(finalReads.keySet());
        for (Map.Entry<String, SortedSet<String>> entry : readers.entrySet()) {
            if (entry.getValue().size() == members.size()) {
                continue;
            }
            disagreeing++;
            if (disagreements.size() < MAX_DISAGREEMENT_LINES) {
                SortedSet<String> missing = new TreeSet<>(members);
                missing.removeAll(entry.getValue());
                disagreements.add("'" + entry.getKey() + "' read by " + entry.getValue() + ", missing from " + missing);
            }
        }
        if (disagreeing > disagreements.size()) {
            disagreements.add(
                    "... and " + (disagreeing - disagreements.size()) + " more elements the reads disagree on");
        }
        return new Result(
                counts.getOrDefault(Outcome.OK, 0),
                counts.getOrDefault(Outcome.FAIL, 0),
                counts.getOrDefault(Outcome.INFO, 0),
                finalReads.size(),
                Collections.unmodifiableSortedSet(lost),
                Collections.unmodifiableSortedSet(unexpected),
                Collections.unmodifiableSortedSet(recovered),
                Collections.unmodifiableSortedSet(unknown),
                List.copyOf(disagreements));
    }

    /**
     * What the set check found.
     *
     * @param lost OK adds missing from at least one final read
     * @param unexpected FAIL adds present in a final read
     * @param recovered INFO adds present in a final read (allowed: they took effect)
     * @param unknown elements read that no add attempted
     * @param disagreements elements not read by every member, with who read them (at most
     *     {@value #MAX_DISAGREEMENT_LINES} lines, then a count)
     */
    public record Result(
            int okAdds,
            int failedAdds,
            int infoAdds,
            int finalReads,
            SortedSet<String> lost,
            SortedSet<String> unexpected,
            SortedSet<String> recovered,
            SortedSet<String> unknown,
            List<String> disagreements) {

        /** True iff nothing was lost, nothing unexpected or unknown was read, and every member read the same set. */
        public boolean ok() {
            return lost.isEmpty() && unexpected.isEmpty() && unknown.isEmpty() && disagreements.isEmpty();
        }

        public String describe() {
            return "set: " + (ok() ? "OK" : "FAILED") + ": " + (okAdds + failedAdds + infoAdds) + " adds (" + okAdds
                    + " OK, " + failedAdds + " FAIL, " + infoAdds + " INFO of which " + recovered.size()
                    + " recovered), " + finalReads + " final reads; lost " + named(lost) + ", unexpected "
                    + named(unexpected) + ", never added " + named(unknown) + ", reads "
                    + (disagreements.isEmpty() ? "agree" : "disagree: " + disagreements.get(0));
        }

        private static String named(SortedSet<String> elements) {
            if (elements.isEmpty()) {
                return "0";
            }
            List<String> first = elements.stream().limit(NAMED_IN_DESCRIPTION).toList();
            return elements.size() + " " + first + (elements.size() > first.size() ? "..." : "");
        }
    }
}
