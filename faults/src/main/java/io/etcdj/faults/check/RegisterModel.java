package io.etcdj.faults.check;

import io.etcdj.faults.history.OpKind;
import io.etcdj.faults.history.Outcome;
import io.etcdj.faults.history.RegisterOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The operations of one key that the search must (OK) or may (INFO) linearize, and the register they act on.
 *
 * <p>FAIL operations never happened and INFO reads change nothing, so both are dropped here. Values are interned to
 * small ints (0 = key absent) so a state is an int and a step is a few comparisons.
 */
final class RegisterModel {
    /** A step's answer when the operation cannot take effect in the given state. */
    static final int ILLEGAL = -1;

    private static final byte READ = 0;
    private static final byte WRITE = 1;
    /** An OK CAS that swapped: needs state == expected, then holds the new value. */
    private static final byte CAS_SWAPPED = 2;
    /** An OK CAS refused by its compare: needs state != expected, changes nothing. */
    private static final byte CAS_REFUSED = 3;
    /** An INFO CAS: swaps where state == expected, is a no-op elsewhere. */
    private static final byte CAS_UNKNOWN = 4;

    private final List<RegisterOp> ops;
    private final byte[] kinds;
    private final int[] values;
    private final int[] expected;
    private final int initialState;
    /** State number to value: index 0 (absent) holds null. */
    private final String[] stateValues;

    /** Each operation's number among the INFO ones (0, 1, ...), or -1 for an OK one. */
    private final int[] infoNumbers;

    private final int okCount;
    private final int dropped;

    private RegisterModel(List<RegisterOp> kept, Map<String, Integer> interned, String initialValue, int dropped) {
        this.ops = List.copyOf(kept);
        this.kinds = new byte[kept.size()];
        this.values = new int[kept.size()];
        this.expected = new int[kept.size()];
        this.infoNumbers = new int[kept.size()];
        this.initialState = intern(interned, initialValue);
        int ok = 0;
        for (int i = 0; i < kept.size(); i++) {
            RegisterOp op = kept.get(i);
            kinds[i] = kindOf(op);
            values[i] = intern(interned, op.value());
            expected[i] = intern(interned, op.expected());
            infoNumbers[i] = op.outcome() == Outcome.OK ? -1 : i - ok;
            ok += op.outcome() == Outcome.OK ? 1 : 0;
        }
        this.okCount = ok;
        this.stateValues = new String[interned.size() + 1];
        interned.forEach((value, state) -> stateValues[state] = value);
        this.dropped = dropped;
    }

    /**
     * Validates the operations of one key and keeps those the search needs.
     *
     * @throws IllegalArgumentException if the operations mix keys, repeat an id, or an OK one completes before it was
     *     invoked
     */
    static RegisterModel of(List<RegisterOp> opsOfOneKey, String initialValue) {
        Objects.requireNonNull(opsOfOneKey, "opsOfOneKey");
        List<RegisterOp> kept = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        String key = null;
        for (RegisterOp op : opsOfOneKey) {
            Objects.requireNonNull(op, "a null operation in the history");
            if (key == null) {
                key = op.key();
            } else if (!key.equals(op.key())) {
                throw new IllegalArgumentException("check() takes the operations of one key; got '" + key + "' and '"
                        + op.key() + "' (op #" + op.id() + "): use checkAll()");
            }
            if (!ids.add(op.id())) {
                throw new IllegalArgumentException("operation id " + op.id() + " appears twice in the history");
            }
            if (op.outcome() == Outcome.OK && op.completeNanos() < op.invokeNanos()) {
                throw new IllegalArgumentException("operation #" + op.id() + " completes (" + op.completeNanos()
                        + " ns) before it was invoked (" + op.invokeNanos() + " ns)");
            }
            boolean happened = op.outcome() != Outcome.FAIL;
            boolean hasEffectOrObservation = op.outcome() == Outcome.OK || op.kind() != OpKind.READ;
            if (happened && hasEffectOrObservation) {
                kept.add(op);
            }
        }
        return new RegisterModel(kept, new HashMap<>(), initialValue, opsOfOneKey.size() - kept.size());
    }

    private static byte kindOf(RegisterOp op) {
        return switch (op.kind()) {
            case READ -> READ;
            case WRITE -> WRITE;
            case CAS -> op.outcome() == Outcome.INFO ? CAS_UNKNOWN : op.casSucceeded() ? CAS_SWAPPED : CAS_REFUSED;
        };
    }

    private static int intern(Map<String, Integer> interned, String value) {
        return value == null ? 0 : interned.computeIfAbsent(value, v -> interned.size() + 1);
    }

    /** The state after operation {@code op} takes effect in {@code state}, or {@link #ILLEGAL}. */
    int step(int state, int op) {
        return switch (kinds[op]) {
            case READ -> state == values[op] ? state : ILLEGAL;
            case WRITE -> values[op];
            case CAS_SWAPPED -> state == expected[op] ? values[op] : ILLEGAL;
            case CAS_REFUSED -> state != expected[op] ? state : ILLEGAL;
            case CAS_UNKNOWN -> state == expected[op] ? values[op] : state;
            default -> throw new IllegalStateException("unknown kind " + kinds[op]);
        };
    }

    /** The state an OK operation needs to see: a read's value, a swapping CAS's expected value; -1 for the others. */
    int observedState(int op) {
        return switch (kinds[op]) {
            case READ -> values[op];
            case CAS_SWAPPED -> expected[op];
            default -> -1;
        };
    }

    /** The state a refused CAS needs to have been left (its expected value); -1 for the other operations. */
    int refusedState(int op) {
        return kinds[op] == CAS_REFUSED ? expected[op] : -1;
    }

    /** True for an OK operation that never changes the state: a read, or a refused CAS. */
    boolean isObservation(int op) {
        return kinds[op] == READ || kinds[op] == CAS_REFUSED;
    }

    /** True when the operation sets the register whatever its state: a WRITE. */
    boolean ignoresState(int op) {
        return kinds[op] == WRITE;
    }

    /** True when the operation, taking effect, sets the register to a value (WRITE, swapping or unknown CAS). */
    boolean writes(int op) {
        return kinds[op] == WRITE || kinds[op] == CAS_SWAPPED || kinds[op] == CAS_UNKNOWN;
    }

    int size() {
        return ops.size();
    }

    RegisterOp op(int index) {
        return ops.get(index);
    }

    List<RegisterOp> ops() {
        return ops;
    }

    boolean isOk(int op) {
        return infoNumbers[op] < 0;
    }

    int value(int op) {
        return values[op];
    }

    /** A CAS's expected value (0 = absent; meaningless for the other kinds). */
    int expected(int op) {
        return expected[op];
    }

    int initialState() {
        return initialState;
    }

    /** The number of distinct states (values seen plus "absent"): states are 0 .. distinctValues() - 1. */
    int distinctValues() {
        return stateValues.length;
    }

    /** The register's value in {@code state} (null = absent). */
    String stateValue(int state) {
        return stateValues[state];
    }

    int okCount() {
        return okCount;
    }

    int infoCount() {
        return ops.size() - okCount;
    }

    /** Operation {@code op}'s number among the INFO operations, or -1 if it is OK. */
    int infoNumber(int op) {
        return infoNumbers[op];
    }

    /** How many operations of the input were dropped (FAIL ones, and INFO reads). */
    int dropped() {
        return dropped;
    }
}
