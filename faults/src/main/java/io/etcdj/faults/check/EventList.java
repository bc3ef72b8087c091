package io.etcdj.faults.check;

import io.etcdj.faults.history.RegisterOp;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Call and return events in time order, as a doubly linked list from which the search lifts an operation (its call and
 * its return) when it linearizes it, and puts it back, in reverse order, when it backtracks.
 *
 * <p>Order: by time; at equal times calls come before returns, so two operations whose intervals touch are concurrent
 * (strict real-time order: A precedes B iff A completes strictly before B is invoked). Ties beyond that are broken by
 * operation index, so the order is deterministic.
 *
 * <p>The search keeps the OK operations' calls and returns in one list, and INFO operations' calls (their returns are
 * at +infinity, so never reached) in lists of their own, so that walking the OK events never steps over the INFO
 * operations that stay pending to the end. Nodes are ints shared by all lists: 0 is a list's head sentinel,
 * {@code 1 + 2i} the call of operation i and {@code 2 + 2i} its return.
 */
final class EventList {
    static final int NONE = -1;
    private static final int HEAD = 0;

    private final boolean withReturns;
    private final int[] next;
    private final int[] prev;
    /** Each node's position in time order (the head is 0): the search's measure of how far it got. */
    private final int[] rank;

    private EventList(int ops, int[] order, boolean withReturns) {
        this.withReturns = withReturns;
        next = new int[2 * ops + 1];
        prev = new int[2 * ops + 1];
        rank = new int[2 * ops + 1];
        int last = HEAD;
        for (int position = 0; position < order.length; position++) {
            int node = order[position];
            next[last] = node;
            prev[node] = last;
            rank[node] = position + 1;
            last = node;
        }
        next[last] = NONE;
        prev[HEAD] = NONE;
    }

    /** The calls and returns of the OK operations. */
    static EventList okEvents(RegisterModel model) {
        return of(model, model::isOk, true);
    }

    /** The calls of the INFO operations {@code included} accepts. */
    static EventList infoCalls(RegisterModel model, IntPredicate included) {
        return of(model, op -> !model.isOk(op) && included.test(op), false);
    }

    private static EventList of(RegisterModel model, IntPredicate included, boolean withReturns) {
        int[] ops = IntStream.range(0, model.size()).filter(included).toArray();
        Integer[] nodes = new Integer[(withReturns ? 2 : 1) * ops.length];
        for (int i = 0; i < ops.length; i++) {
            nodes[i] = callOf(ops[i]);
            if (withReturns) {
                nodes[ops.length + i] = returnOf(ops[i]);
            }
        }
        Comparator<Integer> byTime = Comparator.<Integer>comparingLong(node -> time(model, node))
                .thenComparingInt(node -> isCall(node) ? 0 : 1)
                .thenComparingInt(EventList::opOf);
        Arrays.sort(nodes, byTime);
        return new EventList(
                model.size(), Arrays.stream(nodes).mapToInt(Integer::intValue).toArray(), withReturns);
    }

    /** An event's time: an operation's invocation for its call, its completion for its return. */
    static long time(RegisterModel model, int node) {
        RegisterOp op = model.op(opOf(node));
        return isCall(node) ? op.invokeNanos() : op.completeNanos();
    }

    static boolean isCall(int node) {
        return (node & 1) == 1;
    }

    static int opOf(int node) {
        return (node - 1) >> 1;
    }

    static int callOf(int op) {
        return 2 * op + 1;
    }

    private static int returnOf(int op) {
        return 2 * op + 2;
    }

    /** The first event still in the list, or {@link #NONE}. */
    int first() {
        return next[HEAD];
    }

    int next(int node) {
        return next[node];
    }

    /** The event after operation {@code op}'s call (valid while the call is in the list or just put back). */
    int afterCall(int op) {
        return next[callOf(op)];
    }

    int rank(int node) {
        return rank[node];
    }

    /** Takes operation {@code op}'s call (and return) out of the list. */
    void lift(int op) {
        unlink(callOf(op));
        if (withReturns) {
            unlink(returnOf(op));
        }
    }

    /** Puts back the operation most recently lifted (lifts and unlifts nest like a stack). */
    void unlift(int op) {
        if (withReturns) {
            relink(returnOf(op));
        }
        relink(callOf(op));
    }

    private void unlink(int node) {
        next[prev[node]] = next[node];
        if (next[node] != NONE) {
            prev[next[node]] = prev[node];
        }
    }

    private void relink(int node) {
        next[prev[node]] = node;
        if (next[node] != NONE) {
            prev[next[node]] = node;
        }
    }
}
