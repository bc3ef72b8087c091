package io.etcdj.raft;

import java.util.ArrayDeque;

/** The last events of a schedule, for its failure report; formatting waits until a failure needs it. */
final class SimTrace {
    private final int capacity;
    private final ArrayDeque<Object[]> events = new ArrayDeque<>();

    SimTrace(int capacity) {
        this.capacity = capacity;
    }

    void note(long step, Object what, Object detail) {
        if (events.size() >= capacity) {
            events.removeFirst();
        }
        events.addLast(new Object[] {step, what, detail});
    }

    String format() {
        StringBuilder sb = new StringBuilder();
        for (Object[] e : events) {
            sb.append("  ")
                    .append(e[0])
                    .append(": ")
                    .append(e[1])
                    .append(' ')
                    .append(e[2])
                    .append('\n');
        }
        return sb.toString();
    }
}
