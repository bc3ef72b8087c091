package io.etcdj.faults.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * The INFO operations not yet linearized, indexed so that the search tries only those that could matter, and what the
 * operations left still need to observe.
 *
 * <p>An INFO operation is worth trying only if it changes the state and the operation right after it could need that
 * (see {@link WglSearch#isCanonical}): that operation must be invoked before the first OK return still pending (the
 * "limit"), and observe the new state, or be a refused CAS needing the old state left. So INFO CASes are looked up by
 * expected value rather than walked past, and of the INFO writes whose value nothing in the whole history observes
 * ("anonymous": they are interchangeable) only the earliest one left is offered. Walking every INFO operation still
 * pending at each step would cost the number of INFO operations that never took effect, which only grows along a
 * history.
 */
final class PendingInfo {
    /** How long a chain of INFO CASes {@link #isObservable} follows before assuming the worst. */
    private static final int MAX_CHAIN = 8;

    private static final long NO_LIMIT = Long.MAX_VALUE;

    private final RegisterModel model;
    /** Per state: the OK operations that need to see it ({@link RegisterModel#observedState}), by invocation. */
    private final int[][] observersOf;
    /** Per state: the refused CASes that need it left ({@link RegisterModel#refusedState}), by invocation. */
    private final int[][] refusersOf;
    /** Per state: the INFO CASes expecting it, by invocation. */
    private final int[][] casesExpecting;
    /** Per state: how many of {@link #observersOf} are not linearized yet. */
    private final int[] observers;
    /** Per state: how many of {@link #refusersOf} are not linearized yet. */
    private final int[] refusals;

    private final boolean[] linearized;
    private final boolean[] staticallyAnonymous;
    /** INFO writes whose value nothing in the history observes or refuses. */
    private final EventList anonymousWrites;
    /** The other INFO writes. */
    private final EventList namedWrites;

    private final int[] candidates;

    PendingInfo(RegisterModel model) {
        this.model = model;
        this.observersOf = byState(model, model::observedState, model::isOk);
        this.refusersOf = byState(model, model::refusedState, model::isOk);
        this.casesExpecting = byState(model, model::expected, op -> !model.isOk(op) && !model.ignoresState(op));
        this.observers = new int[model.distinctValues()];
        this.refusals = new int[model.distinctValues()];
        for (int state = 0; state < model.distinctValues(); state++) {
            observers[state] = observersOf[state].length;
            refusals[state] = refusersOf[state].length;
        }
        this.linearized = new boolean[model.size()];
        this.staticallyAnonymous = new boolean[model.size()];
        for (int op = 0; op < model.size(); op++) {
            staticallyAnonymous[op] = !model.isOk(op) && isAnonymousWrite(op);
        }
        this.anonymousWrites = EventList.infoCalls(model, op -> staticallyAnonymous[op]);
        this.namedWrites = EventList.infoCalls(model, op -> model.ignoresState(op) && !staticallyAnonymous[op]);
        this.candidates = new int[model.infoCount() + 1];
    }

    /** Per state s: the operations {@code included} accepts whose {@code stateOf} is s, by invocation time. */
    private static int[][] byState(RegisterModel model, IntUnaryOperator stateOf, IntPredicate included) {
        List<List<Integer>> byState = new ArrayList<>();
        for (int state = 0; state < model.distinctValues(); state++) {
            byState.add(new ArrayList<>());
        }
        for (int op = 0; op < model.size(); op++) {
            if (included.test(op) && stateOf.applyAsInt(op) >= 0) {
                byState.get(stateOf.applyAsInt(op)).add(op);
            }
        }
        Comparator<Integer> byInvocation =
                Comparator.comparingLong(op -> model.op(op).invokeNanos());
        return byState.stream()
                .map(ops -> ops.stream()
                        .sorted(byInvocation)
                        .mapToInt(Integer::intValue)
                        .toArray())
                .toArray(int[][]::new);
    }

    /**
     * Fills {@link #candidate} with the INFO operations worth trying in {@code state} among those invoked by
     * {@code limitNanos}, in a fixed order: the earliest anonymous write, the CASes expecting {@code state}, then the
     * named writes. Returns how many.
     */
    int candidates(int state, long limitNanos) {
        int count = 0;
        int anonymous = anonymousWrites.first();
        if (anonymous != EventList.NONE && EventList.time(model, anonymous) <= limitNanos) {
            candidates[count++] = EventList.opOf(anonymous);
        }
        for (int op : casesExpecting[state]) {
            if (model.op(op).invokeNanos() > limitNanos) {
                break;
            }
            if (!linearized[op]) {
                candidates[count++] = op;
            }
        }
        for (int node = namedWrites.first();
                node != EventList.NONE && EventList.time(model, node) <= limitNanos;
                node = namedWrites.next(node)) {
            candidates[count++] = EventList.opOf(node);
        }
        return count;
    }

    int candidate(int index) {
        return candidates[index];
    }

    /** An operation (OK or INFO) was linearized. */
    void lift(int op) {
        count(op, -1);
        linearized[op] = true;
        if (!model.isOk(op) && model.ignoresState(op)) {
            listOf(op).lift(op);
        }
    }

    /** The last operation linearized was put back. */
    void unlift(int op) {
        count(op, 1);
        linearized[op] = false;
        if (!model.isOk(op) && model.ignoresState(op)) {
            listOf(op).unlift(op);
        }
    }

    private EventList listOf(int infoWrite) {
        return staticallyAnonymous[infoWrite] ? anonymousWrites : namedWrites;
    }

    /**
     * Whether an INFO operation taking the register from state {@code from} to {@code to} could be needed by the
     * operation right after it, which must be invoked by {@code limitNanos}: an OK operation observing {@code to}, a
     * refused CAS needing {@code from} left, or an INFO CAS expecting {@code to} that could itself be needed.
     */
    boolean couldBeNeeded(int from, int to, long limitNanos) {
        return anyPending(refusersOf[from], refusals[from], limitNanos) || isObservable(to, limitNanos, MAX_CHAIN);
    }

    /**
     * An INFO write whose value nothing left could tell apart: from here on the states it can produce are
     * indistinguishable from those of any other such write available now, so trying one of them is enough (swap the
     * two in any linearization that uses the other). Once anonymous, an operation stays so deeper in the search, as
     * the operations left only get fewer.
     */
    boolean isAnonymousWrite(int op) {
        int value = model.value(op);
        return model.ignoresState(op) && refusals[value] == 0 && !isObservable(value, NO_LIMIT, MAX_CHAIN);
    }

    /**
     * True if an operation left, invoked by {@code limitNanos}, could observe {@code state}: an OK one, or an INFO CAS
     * expecting it whose own effect could be needed. Chains longer than {@code budget} count as observable (the safe
     * answer).
     */
    private boolean isObservable(int state, long limitNanos, int budget) {
        if (anyPending(observersOf[state], observers[state], limitNanos)) {
            return true;
        }
        for (int cas : casesExpecting[state]) {
            if (model.op(cas).invokeNanos() > limitNanos) {
                return false;
            }
            int next = model.value(cas);
            if (!linearized[cas] && next != state) {
                if (budget == 0
                        || anyPending(refusersOf[state], refusals[state], limitNanos)
                        || isObservable(next, limitNanos, budget - 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True if one of {@code ops} (by invocation time, {@code pending} of them not linearized) is left by the limit. */
    private boolean anyPending(int[] ops, int pending, long limitNanos) {
        if (pending == 0 || limitNanos == NO_LIMIT) {
            return pending > 0;
        }
        for (int op : ops) {
            if (model.op(op).invokeNanos() > limitNanos) {
                return false;
            }
            if (!linearized[op]) {
                return true;
            }
        }
        return false;
    }

    private void count(int op, int delta) {
        if (!model.isOk(op)) {
            return;
        }
        if (model.observedState(op) >= 0) {
            observers[model.observedState(op)] += delta;
        }
        if (model.refusedState(op) >= 0) {
            refusals[model.refusedState(op)] += delta;
        }
    }
}
