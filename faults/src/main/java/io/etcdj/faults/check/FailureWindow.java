package io.etcdj.faults.check;

import io.etcdj.faults.history.OpKind;
import io.etcdj.faults.history.Outcome;
import io.etcdj.faults.history.RegisterOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The minimal failing window of a non-linearizable history: the few tens of operations a human needs to see the
 * violation, taken around the point where the search got stuck.
 *
 * <p>In order of importance: the operation that could not be linearized; the latest operations (of any outcome, FAIL
 * included) that wrote the value it observed; the last OK operations that completed before it was invoked, which it
 * must follow (the writes that make a read stale, the read that saw a newer value); the one that wrote the state the
 * search met; the last operations linearized before it; and the operations concurrent with it (those that write
 * first, then the nearest in time), where an INFO operation counts as concurrent only if it was invoked no earlier than
 * the rest of the window (INFO operations overlap everything after their invocation, so otherwise every old timeout
 * would crowd in). At most {@link #MAX_OPS}.
 */
final class FailureWindow {
    static final int MAX_OPS = 64;
    private static final int OBSERVED_WRITERS = 3;
    private static final int PRECEDING_WRITES = 3;
    private static final int PRECEDING_OBSERVATIONS = 2;

    /** The window, sorted by invocation time, and how many concurrent operations did not fit. */
    record Window(List<RegisterOp> ops, int omitted) {}

    private FailureWindow() {}

    static Window of(List<RegisterOp> allOpsOfKey, RegisterModel model, WglSearch.Failure failure) {
        RegisterOp stuck = model.op(failure.op());
        Set<RegisterOp> chosen = new LinkedHashSet<>();
        chosen.add(stuck);
        chosen.addAll(writersOfObservedValue(allOpsOfKey, stuck));
        chosen.addAll(lastCompletedBefore(model.ops(), stuck, true, PRECEDING_WRITES));
        chosen.addAll(lastCompletedBefore(model.ops(), stuck, false, PRECEDING_OBSERVATIONS));
        if (failure.stateWriter() >= 0) {
            chosen.add(model.op(failure.stateWriter()));
        }
        for (int op : failure.tail()) {
            chosen.add(model.op(op));
        }

        List<RegisterOp> concurrent = concurrentWith(stuck, model.ops(), chosen);
        int room = Math.max(0, MAX_OPS - chosen.size());
        chosen.addAll(concurrent.subList(0, Math.min(room, concurrent.size())));
        List<RegisterOp> ops = new ArrayList<>(chosen);
        ops.sort(Comparator.comparingLong(RegisterOp::invokeNanos).thenComparingLong(RegisterOp::id));
        return new Window(List.copyOf(ops), Math.max(0, concurrent.size() - room));
    }

    /** The value {@code op} saw: a read's result, a swapping CAS's expected value; none for writes and refusals. */
    private static String observed(RegisterOp op) {
        if (op.kind() == OpKind.READ) {
            return op.value();
        }
        return op.kind() == OpKind.CAS && op.casSucceeded() ? op.expected() : null;
    }

    private static List<RegisterOp> writersOfObservedValue(List<RegisterOp> allOpsOfKey, RegisterOp stuck) {
        String value = observed(stuck);
        if (value == null) {
            return List.of();
        }
        return allOpsOfKey.stream()
                .filter(op -> op.kind() != OpKind.READ && value.equals(op.value()))
                .filter(op -> op.invokeNanos() <= stuck.completeNanos())
                .sorted(Comparator.comparingLong(RegisterOp::invokeNanos).reversed())
                .limit(OBSERVED_WRITERS)
                .toList();
    }

    /** The last {@code limit} OK writes (or observations) that completed before {@code stuck} was invoked. */
    private static List<RegisterOp> lastCompletedBefore(
            List<RegisterOp> kept, RegisterOp stuck, boolean writes, int limit) {
        return kept.stream()
                .filter(op -> op.outcome() == Outcome.OK && op.completeNanos() < stuck.invokeNanos())
                .filter(op -> changesState(op) == writes)
                .sorted(Comparator.comparingLong(RegisterOp::completeNanos).reversed())
                .limit(limit)
                .toList();
    }

    private static boolean changesState(RegisterOp op) {
        return op.kind() == OpKind.WRITE || (op.kind() == OpKind.CAS && op.casSucceeded());
    }

    private static List<RegisterOp> concurrentWith(RegisterOp stuck, List<RegisterOp> kept, Set<RegisterOp> chosen) {
        List<RegisterOp> okOverlapping = kept.stream()
                .filter(op -> op.outcome() == Outcome.OK && overlaps(op, stuck))
                .toList();
        long horizon = chosen.stream().mapToLong(RegisterOp::invokeNanos).min().orElse(stuck.invokeNanos());
        horizon = Math.min(
                horizon,
                okOverlapping.stream().mapToLong(RegisterOp::invokeNanos).min().orElse(horizon));
        long since = horizon;
        List<RegisterOp> concurrent = new ArrayList<>(okOverlapping);
        kept.stream()
                .filter(op -> op.outcome() == Outcome.INFO)
                .filter(op -> op.invokeNanos() >= since && op.invokeNanos() <= stuck.completeNanos())
                .forEach(concurrent::add);
        concurrent.removeIf(chosen::contains);
        concurrent.sort(Comparator.comparingInt((RegisterOp op) -> op.kind() == OpKind.READ ? 1 : 0)
                .thenComparingLong(op -> Math.abs(op.invokeNanos() - stuck.invokeNanos())));
        return concurrent;
    }

    private static boolean overlaps(RegisterOp op, RegisterOp stuck) {
        return !Objects.equals(op, stuck)
                && op.invokeNanos() <= stuck.completeNanos()
                && op.completeNanos() >= stuck.invokeNanos();
    }
}
