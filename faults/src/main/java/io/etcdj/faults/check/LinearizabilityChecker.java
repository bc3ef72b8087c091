package io.etcdj.faults.check;

import io.etcdj.faults.history.History;
import io.etcdj.faults.history.RegisterOp;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides whether the operations on a register are linearizable: whether some total order of them, consistent with
 * real time (A before B whenever A completed strictly before B was invoked), is a legal sequential history of a
 * register. Uses the Wing–Gong–Lowe search ({@link WglSearch}); when there is none, the result holds a minimal failing
 * window ({@link FailureWindow}): the operation that could not be linearized and the few tens around it.
 *
 * <p>The model. A READ OK returning v needs the state to be v (null = absent). A WRITE sets the state. A CAS OK that
 * swapped needs state == expected and sets the new value; a CAS OK refused (etcd errorCode 101 or 100) needs state !=
 * expected and changes nothing. FAIL operations never happened and are dropped, as are INFO reads (no effect). An INFO
 * WRITE or CAS may take effect at any point after its invocation, or never: an INFO CAS taking effect where state ==
 * expected swaps, elsewhere it is a no-op. A null expected value compares with the key being absent.
 *
 * <p>The search is bounded: at most {@code maxConfigurations} configurations (20 to 40 bytes of memory each, see
 * {@link ConfigurationCache}) and {@value #STEPS_PER_CONFIGURATION} search steps per allowed configuration; a search
 * that reaches a bound answers UNKNOWN with the reason, never LINEARIZABLE. For scale: 5,000 operations on one key from
 * 10 clients, each overlapping about ten others, 5% INFO, need about 10,000 configurations when linearizable and
 * about 100,000 when a late read is corrupted (a failing search exhausts everything before the failure), under a
 * second either way; 30 clients overlapping as heavily need millions (concurrent writes can be ordered many ways), and
 * reach the default bound when the history is not linearizable.
 */
public final class LinearizabilityChecker {
    /** The default bound on explored configurations: at most about 250 MB of memo (see {@link ConfigurationCache}). */
    public static final long DEFAULT_MAX_CONFIGURATIONS = 5_000_000;
    /** The largest bound accepted: the memo would need up to about 5 GB. */
    public static final long MAX_CONFIGURATIONS_LIMIT = 100_000_000;

    static final long STEPS_PER_CONFIGURATION = 100;

    private LinearizabilityChecker() {}

    /** Checks the operations of one key from {@code initialValue} (null = absent), with the default bound. */
    public static Result check(List<RegisterOp> opsOfOneKey, String initialValue) {
        return check(opsOfOneKey, initialValue, DEFAULT_MAX_CONFIGURATIONS);
    }

    /**
     * Checks the operations of one key from {@code initialValue} (null = absent).
     *
     * @throws IllegalArgumentException if the operations mix keys or repeat an id, an OK one completes before it was
     *     invoked, or {@code maxConfigurations} is outside 1..{@value #MAX_CONFIGURATIONS_LIMIT}
     */
    public static Result check(List<RegisterOp> opsOfOneKey, String initialValue, long maxConfigurations) {
        if (maxConfigurations < 1 || maxConfigurations > MAX_CONFIGURATIONS_LIMIT) {
            throw new IllegalArgumentException(
                    "maxConfigurations must be in 1.." + MAX_CONFIGURATIONS_LIMIT + ", got " + maxConfigurations);
        }
        RegisterModel model = RegisterModel.of(opsOfOneKey, initialValue);
        String key = opsOfOneKey.isEmpty() ? null : opsOfOneKey.get(0).key();
        WglSearch.Found found = WglSearch.run(model, maxConfigurations, maxConfigurations * STEPS_PER_CONFIGURATION);
        long origin =
                opsOfOneKey.stream().mapToLong(RegisterOp::invokeNanos).min().orElse(0);
        if (found.failure() == null) {
            return new Result(
                    key,
                    found.verdict(),
                    model.size(),
                    model.dropped(),
                    found.configurations(),
                    found.deepest(),
                    null,
                    null,
                    List.of(),
                    0,
                    found.reason(),
                    origin);
        }
        WglSearch.Failure failure = found.failure();
        FailureWindow.Window window = FailureWindow.of(opsOfOneKey, model, failure);
        return new Result(
                key,
                found.verdict(),
                model.size(),
                model.dropped(),
                found.configurations(),
                failure.prefixLength(),
                model.op(failure.op()),
                model.stateValue(failure.state()),
                window.ops(),
                window.omitted(),
                null,
                origin);
    }

    /** Checks every key of {@code ops} on its own (a register per key, each initially absent); keys sorted. */
    public static Map<String, Result> checkAll(List<RegisterOp> ops) {
        return checkAll(ops, DEFAULT_MAX_CONFIGURATIONS);
    }

    /** As {@link #checkAll(List)}, with a bound on each key's search. */
    public static Map<String, Result> checkAll(List<RegisterOp> ops, long maxConfigurations) {
        Objects.requireNonNull(ops, "ops");
        Map<String, Result> results = new TreeMap<>();
        History.byKey(ops).forEach((key, opsOfKey) -> results.put(key, check(opsOfKey, null, maxConfigurations)));
        return results;
    }

    /**
     * What a check found.
     *
     * @param key the key checked (null for an empty history)
     * @param verdict the answer
     * @param opsChecked the operations the search considered (OK ones, and INFO writes and CASes)
     * @param opsDropped FAIL operations and INFO reads, which cannot matter
     * @param configurationsExplored the distinct (linearized set, state) configurations the search visited
     * @param linearizedPrefixLength NOT_LINEARIZABLE: how many operations were linearized before {@code failedOp};
     *     otherwise the longest linearized prefix the search reached
     * @param failedOp NOT_LINEARIZABLE: the OK operation that could not be linearized after the longest prefix found
     * @param stateBeforeFailedOp NOT_LINEARIZABLE: the register's value (null = absent) after that prefix
     * @param window NOT_LINEARIZABLE: the minimal failing window (see {@link FailureWindow}), sorted by invocation
     * @param windowOmitted NOT_LINEARIZABLE: how many concurrent operations did not fit in the window
     * @param reason UNKNOWN: which bound was reached, and how far the search got
     * @param originNanos the earliest invocation of the history: window times are shown relative to it
     */
    public record Result(
            String key,
            Verdict verdict,
            int opsChecked,
            int opsDropped,
            long configurationsExplored,
            int linearizedPrefixLength,
            RegisterOp failedOp,
            String stateBeforeFailedOp,
            List<RegisterOp> window,
            int windowOmitted,
            String reason,
            long originNanos) {

        public enum Verdict {
            LINEARIZABLE,
            NOT_LINEARIZABLE,
            UNKNOWN
        }

        public boolean isLinearizable() {
            return verdict == Verdict.LINEARIZABLE;
        }

        /** The ids of the failing window's operations, in invocation order. */
        public List<Long> windowIds() {
            return window.stream().map(RegisterOp::id).toList();
        }

        /** One line for a log or a test failure message. */
        public String describe() {
            String prefix = "key " + key + ": " + verdict + ": ";
            return switch (verdict) {
                case LINEARIZABLE ->
                    prefix + opsChecked + " operations checked (" + opsDropped + " FAIL or INFO" + " reads dropped), "
                            + configurationsExplored + " configurations explored";
                case UNKNOWN -> prefix + reason;
                case NOT_LINEARIZABLE ->
                    prefix + failedOp.describe(originNanos) + " cannot follow the "
                            + linearizedPrefixLength + " operations linearized before it (the register then held "
                            + (stateBeforeFailedOp == null ? "nothing" : "'" + stateBeforeFailedOp + "'")
                            + "); window of "
                            + window.size() + " operations"
                            + (windowOmitted > 0 ? " (" + windowOmitted + " more omitted)" : "")
                            + ": " + windowIds();
            };
        }

        /** The failing window, one operation a line (empty unless NOT_LINEARIZABLE), for a report. */
        public String describeWindow() {
            return window.stream()
                    .map(op -> (op.equals(failedOp) ? "=> " : "   ") + op.describe(originNanos))
                    .collect(Collectors.joining("\n"));
        }
    }
}
