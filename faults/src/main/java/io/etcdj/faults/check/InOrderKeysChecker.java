package io.etcdj.faults.check;

import io.etcdj.faults.history.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the in-order keys workload: POSTs to a directory create unique keys named after their index (etcd 0.4.6 names
 * them {@code dir/%020d} of the new index), and the final sorted listing must hold each acknowledged one, in index
 * order.
 *
 * <ul>
 *   <li>no two OK POSTs produced the same key, nor the same createdIndex;
 *   <li>each OK POST's key ends in its createdIndex as 20 zero-padded digits;
 *   <li>every OK POST's key is in the final listing, once, and sorted by createdIndex they appear in the listing's
 *       order;
 *   <li>the listing holds no more keys unaccounted for than there were INFO POSTs (each could have created one).
 * </ul>
 */
public final class InOrderKeysChecker {
    /** How many violations {@link Result#describe()} spells out (the list itself is complete). */
    static final int DESCRIBED_VIOLATIONS = 5;

    private InOrderKeysChecker() {}

    /**
     * @param posts every POST attempted, with its outcome
     * @param finalListing the keys of the directory's final listing (sorted=true), in the order it returned them
     */
    public static Result check(List<InOrderPost> posts, List<String> finalListing) {
        Objects.requireNonNull(posts, "posts");
        Objects.requireNonNull(finalListing, "finalListing");
        List<String> violations = new ArrayList<>();
        Map<String, Integer> positions = new HashMap<>();
        for (int position = 0; position < finalListing.size(); position++) {
            String key = Objects.requireNonNull(finalListing.get(position), "a null key in the listing");
            Integer earlier = positions.putIfAbsent(key, position);
            if (earlier != null) {
                violations.add("the listing holds " + key + " twice (positions " + earlier + " and " + position + ")");
            }
        }
        List<InOrderPost> ok = posts.stream()
                .filter(post -> post.outcome() == Outcome.OK)
                .sorted(Comparator.comparingLong(InOrderPost::createdIndex))
                .toList();
        Map<String, InOrderPost> byKey = new HashMap<>();
        Map<Long, InOrderPost> byIndex = new HashMap<>();
        for (InOrderPost post : ok) {
            InOrderPost sameKey = byKey.putIfAbsent(post.key(), post);
            if (sameKey != null) {
                violations.add("two acknowledged POSTs created " + post.key() + ": " + sameKey + " and " + post);
            }
            InOrderPost sameIndex = byIndex.putIfAbsent(post.createdIndex(), post);
            if (sameIndex != null) {
                violations.add(
                        "two acknowledged POSTs got index " + post.createdIndex() + ": " + sameIndex + " and " + post);
            }
            if (!post.key().endsWith("/" + String.format("%020d", post.createdIndex()))) {
                violations.add(post + ": an in-order key is named after its index (/%020d)");
            }
            if (!positions.containsKey(post.key())) {
                violations.add("the acknowledged " + post + " is missing from the final listing");
            }
        }
        InOrderPost previous = null;
        for (InOrderPost post : ok) {
            Integer position = positions.get(post.key());
            if (position == null) {
                continue;
            }
            if (previous != null && position < positions.get(previous.key())) {
                violations.add(post.key() + " (index " + post.createdIndex() + ") is listed before " + previous.key()
                        + " (index " + previous.createdIndex() + ")");
            }
            previous = post;
        }
        Set<String> accounted = new HashSet<>(byKey.keySet());
        long unaccounted = positions.keySet().stream()
                .filter(key -> !accounted.contains(key))
                .count();
        long info =
                posts.stream().filter(post -> post.outcome() == Outcome.INFO).count();
        if (unaccounted > info) {
            violations.add("the listing holds " + unaccounted + " keys no acknowledged POST created, but only " + info
                    + " POSTs had an unknown outcome");
        }
        return new Result(
                ok.size(),
                (int) info,
                posts.size() - ok.size() - (int) info,
                finalListing.size(),
                (int) unaccounted,
                List.copyOf(violations));
    }

    /**
     * What the in-order keys check found.
     *
     * @param unaccountedKeys listed keys no OK POST created (allowed up to {@code infoPosts})
     */
    public record Result(
            int okPosts, int infoPosts, int failedPosts, int listed, int unaccountedKeys, List<String> violations) {
        public boolean ok() {
            return violations.isEmpty();
        }

        public String describe() {
            String summary = "in-order keys: " + (ok() ? "OK" : "FAILED") + ": " + (okPosts + infoPosts + failedPosts)
                    + " POSTs (" + okPosts + " OK, " + failedPosts + " FAIL, " + infoPosts + " INFO), " + listed
                    + " keys listed (" + unaccountedKeys + " from INFO POSTs); " + violations.size() + " violations";
            if (ok()) {
                return summary;
            }
            List<String> first = violations.stream().limit(DESCRIBED_VIOLATIONS).toList();
            return summary + ": " + String.join("; ", first) + (violations.size() > first.size() ? "; ..." : "");
        }
    }
}
