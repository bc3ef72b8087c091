package io.etcdj.faults.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thread-safe recorder of one run's register operations, and the utilities that go with a history: grouping by
 * key, and saving (or reloading) operations as JSON lines.
 *
 * <p>A workload calls {@link #begin()} for an id before it sends a request and {@link #record} once the operation has
 * ended (OK, FAIL or INFO). The history holds at most {@code maxOps} operations; recording one more throws
 * {@link IllegalStateException} rather than dropping it, because a history with an operation left out cannot be
 * checked (a missing write makes every later read of its value look like a violation): the workload must stop.
 */
public final class History {
    /** About 150 MB of operations: a ten-minute run at 1,000 operations a second records 600,000. */
    public static final int DEFAULT_MAX_OPS = 1_000_000;

    private final int maxOps;
    private final AtomicLong nextId = new AtomicLong();
    private final List<RegisterOp> ops = new ArrayList<>();

    public History() {
        this(DEFAULT_MAX_OPS);
    }

    public History(int maxOps) {
        if (maxOps < 1) {
            throw new IllegalArgumentException("maxOps must be at least 1, got " + maxOps);
        }
        this.maxOps = maxOps;
    }

    /** A fresh operation id, unique within this history. */
    public long begin() {
        return nextId.getAndIncrement();
    }

    /**
     * Adds a completed operation.
     *
     * @throws IllegalArgumentException if its id was not handed out by {@link #begin()}
     * @throws IllegalStateException if the history already holds {@code maxOps} operations
     */
    public void record(RegisterOp op) {
        long issued = nextId.get();
        if (op.id() < 0 || op.id() >= issued) {
            throw new IllegalArgumentException(
                    "operation id " + op.id() + " was not handed out by begin() (ids so far: 0.." + (issued - 1) + ")");
        }
        synchronized (ops) {
            if (ops.size() >= maxOps) {
                throw new IllegalStateException("history full: it holds " + maxOps + " operations (maxOps); a history"
                        + " with operations left out cannot be checked, so the run must stop or use a larger bound");
            }
            ops.add(op);
        }
    }

    /** A copy of the operations recorded so far, in the order they were recorded. */
    public List<RegisterOp> ops() {
        synchronized (ops) {
            return List.copyOf(ops);
        }
    }

    public int size() {
        synchronized (ops) {
            return ops.size();
        }
    }

    /** The operations recorded so far, grouped by key (keys sorted), each group in recording order. */
    public Map<String, List<RegisterOp>> opsByKey() {
        return byKey(ops());
    }

    /** {@code ops} grouped by key (keys sorted), each group keeping the order of {@code ops}. */
    public static Map<String, List<RegisterOp>> byKey(Collection<RegisterOp> ops) {
        Map<String, List<RegisterOp>> groups = new TreeMap<>();
        for (RegisterOp op : ops) {
            groups.computeIfAbsent(op.key(), key -> new ArrayList<>()).add(op);
        }
        return groups;
    }

    /**
     * Saves {@code ops} to {@code file} (replacing it), one JSON object a line, with times in nanoseconds relative to
     * the earliest invocation among them; synced to disk before returning. See {@link RegisterOpJson} for the fields.
     */
    public static void writeJsonLines(Path file, List<RegisterOp> ops) throws IOException {
        RegisterOpJson.write(file, ops);
    }

    /**
     * Reads back a file written by {@link #writeJsonLines} (times stay relative, which is all the checkers need).
     *
     * @throws IOException if the file cannot be read, or a line is not a valid operation (the message names the line)
     */
    public static List<RegisterOp> readJsonLines(Path file) throws IOException {
        return RegisterOpJson.read(file);
    }
}
