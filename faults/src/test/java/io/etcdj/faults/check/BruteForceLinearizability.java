package io.etcdj.faults.check;

import io.etcdj.faults.history.OpKind;
import io.etcdj.faults.history.Outcome;
import io.etcdj.faults.history.RegisterOp;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The definition of linearizability, executed literally for small histories: try every order of the operations that
 * respects real time, with every subset of INFO operations left out, on a register, remembering only the (set placed,
 * state) pairs that led nowhere. Written independently of the checker (no shared model code, none of its prunings)
 * so the two can be compared.
 */
final class BruteForceLinearizability {
    private static final Object ILLEGAL = new Object();

    private BruteForceLinearizability() {}

    static boolean isLinearizable(List<RegisterOp> history) {
        List<RegisterOp> candidates = history.stream()
                .filter(op -> op.outcome() != Outcome.FAIL)
                .filter(op -> !(op.outcome() == Outcome.INFO && op.kind() == OpKind.READ))
                .toList();
        return search(candidates, new boolean[candidates.size()], null, new HashSet<>());
    }

    private static boolean search(List<RegisterOp> ops, boolean[] done, String state, Set<List<Object>> deadEnds) {
        List<Object> configuration = List.of(Arrays.toString(done), String.valueOf(state), state == null);
        if (deadEnds.contains(configuration)) {
            return false;
        }
        boolean okLeft = false;
        for (int i = 0; i < ops.size(); i++) {
            okLeft |= !done[i] && ops.get(i).outcome() == Outcome.OK;
        }
        if (!okLeft) {
            return true; // INFO operations not yet placed never happened
        }
        for (int i = 0; i < ops.size(); i++) {
            if (done[i] || mustWaitFor(ops, done, ops.get(i))) {
                continue;
            }
            Object next = apply(ops.get(i), state);
            if (next == ILLEGAL) {
                continue;
            }
            done[i] = true;
            boolean found = search(ops, done, (String) next, deadEnds);
            done[i] = false;
            if (found) {
                return true;
            }
        }
        deadEnds.add(configuration);
        return false;
    }

    /** True if an OK operation not yet placed completed strictly before {@code op} was invoked. */
    private static boolean mustWaitFor(List<RegisterOp> ops, boolean[] done, RegisterOp op) {
        for (int j = 0; j < ops.size(); j++) {
            RegisterOp other = ops.get(j);
            if (!done[j] && other.outcome() == Outcome.OK && other.completeNanos() < op.invokeNanos()) {
                return true;
            }
        }
        return false;
    }

    private static Object apply(RegisterOp op, String state) {
        boolean matches = Objects.equals(state, op.expected());
        switch (op.kind()) {
            case READ:
                return Objects.equals(state, op.value()) ? state : ILLEGAL;
            case WRITE:
                return op.value();
            default:
                if (op.outcome() == Outcome.INFO) {
                    return matches ? op.value() : state;
                }
                if (op.casSucceeded()) {
                    return matches ? op.value() : ILLEGAL;
                }
                return matches ? ILLEGAL : state;
        }
    }
}
