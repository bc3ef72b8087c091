package io.etcdj.faults.check;

import io.etcdj.faults.history.OpKind;
import io.etcdj.faults.history.Outcome;
import io.etcdj.faults.history.RegisterOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Histories produced by a real sequential register, so linearizable by construction: every operation gets a random
 * interval per client (a client runs one at a time) and a random linearization point inside it, and the operations
 * are executed atomically on a register in the order of those points. Some outcomes become INFO (the operation took
 * effect, or not; its effect may land after the client gave up) or FAIL (it did not take effect).
 */
final class RandomRegisterHistory {
    /** The shape of a generated history; times are in arbitrary units. */
    record Shape(int clients, int ops, double infoRate, double failRate, long maxGap, long maxLatency) {}

    private static final class Pending {
        final long id;
        final int client;
        final OpKind kind;
        final Outcome outcome;
        final boolean takesEffect;
        final long invoke;
        final long point;
        final long complete;
        String value;
        String expected;
        boolean swapped;

        Pending(
                long id,
                int client,
                OpKind kind,
                Outcome outcome,
                boolean takesEffect,
                long invoke,
                long point,
                long complete) {
            this.id = id;
            this.client = client;
            this.kind = kind;
            this.outcome = outcome;
            this.takesEffect = takesEffect;
            this.invoke = invoke;
            this.point = point;
            this.complete = complete;
        }
    }

    private RandomRegisterHistory() {}

    static List<RegisterOp> generate(SplittableRandom random, String key, Shape shape, long firstId) {
        long[] clientFree = new long[shape.clients()];
        List<Pending> pending = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < shape.ops(); i++) {
            int client = random.nextInt(shape.clients());
            long invoke = clientFree[client] + random.nextLong(shape.maxGap() + 1);
            double roll = random.nextDouble();
            Outcome outcome = roll < shape.infoRate()
                    ? Outcome.INFO
                    : roll < shape.infoRate() + shape.failRate() ? Outcome.FAIL : Outcome.OK;
            // An INFO operation's effect may land long after its client stopped waiting for it.
            long latency = random.nextLong(shape.maxLatency() + 1);
            long point = invoke + (outcome == Outcome.INFO ? random.nextLong(5 * shape.maxLatency() + 1) : latency);
            long complete =
                    outcome == Outcome.INFO ? invoke + latency : point + random.nextLong(shape.maxLatency() + 1);
            clientFree[client] = complete + 1;
            boolean takesEffect = outcome == Outcome.OK || (outcome == Outcome.INFO && random.nextBoolean());
            double kindRoll = random.nextDouble();
            OpKind kind = kindRoll < 0.4 ? OpKind.READ : kindRoll < 0.7 ? OpKind.WRITE : OpKind.CAS;
            Pending op = new Pending(firstId + i, client, kind, outcome, takesEffect, invoke, point, complete);
            if (kind != OpKind.READ) {
                op.value = key + "-v" + op.id;
                if (kind == OpKind.CAS) {
                    // Usually one of the latest values, so that many swaps succeed.
                    int back = Math.min(written.size(), 1 + random.nextInt(3));
                    op.expected = back == 0 ? null : written.get(written.size() - back);
                }
                written.add(op.value);
            }
            pending.add(op);
        }
        execute(pending);
        return pending.stream()
                .sorted(Comparator.comparingLong((Pending op) -> op.id))
                .map(op -> new RegisterOp(
                        op.id,
                        op.client,
                        key,
                        op.kind,
                        op.value,
                        op.expected,
                        op.outcome,
                        op.swapped,
                        op.invoke,
                        op.complete))
                .toList();
    }

    /** Runs the operations that take effect, atomically, in the order of their linearization points. */
    private static void execute(List<Pending> pending) {
        List<Pending> byPoint = new ArrayList<>(pending);
        byPoint.sort(Comparator.comparingLong((Pending op) -> op.point).thenComparingLong(op -> op.id));
        String state = null;
        for (Pending op : byPoint) {
            if (!op.takesEffect) {
                if (op.kind == OpKind.READ) {
                    op.value = null;
                }
                continue;
            }
            switch (op.kind) {
                case READ -> op.value = state;
                case WRITE -> state = op.value;
                case CAS -> {
                    op.swapped = Objects.equals(state, op.expected);
                    if (op.swapped) {
                        state = op.value;
                    }
                }
            }
        }
    }

    /** The ops of {@code history} with op {@code index} (an OK read) now returning {@code value}. */
    static List<RegisterOp> withRead(List<RegisterOp> history, int index, String value) {
        List<RegisterOp> changed = new ArrayList<>(history);
        RegisterOp read = history.get(index);
        changed.set(
                index,
                new RegisterOp(
                        read.id(),
                        read.client(),
                        read.key(),
                        read.kind(),
                        value,
                        read.expected(),
                        read.outcome(),
                        read.casSucceeded(),
                        read.invokeNanos(),
                        read.completeNanos()));
        return changed;
    }
}
