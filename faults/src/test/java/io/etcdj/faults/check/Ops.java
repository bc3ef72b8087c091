package io.etcdj.faults.check;

import io.etcdj.faults.history.OpKind;
import io.etcdj.faults.history.Outcome;
import io.etcdj.faults.history.RegisterOp;

/** Builds hand-made register operations on one key, with ids in creation order and times in plain numbers. */
final class Ops {
    private final String key;
    private long nextId;

    Ops(String key) {
        this.key = key;
    }

    RegisterOp read(int client, String value, long invoke, long complete) {
        return op(client, OpKind.READ, value, null, Outcome.OK, false, invoke, complete);
    }

    RegisterOp write(int client, String value, long invoke, long complete) {
        return op(client, OpKind.WRITE, value, null, Outcome.OK, false, invoke, complete);
    }

    RegisterOp cas(int client, String expected, String value, boolean swapped, long invoke, long complete) {
        return op(client, OpKind.CAS, value, expected, Outcome.OK, swapped, invoke, complete);
    }

    /** An operation whose outcome is unknown: its completion time is whatever the client saw when it gave up. */
    RegisterOp info(int client, OpKind kind, String expected, String value, long invoke) {
        return op(client, kind, value, expected, Outcome.INFO, false, invoke, invoke + 1);
    }

    RegisterOp fail(int client, OpKind kind, String expected, String value, long invoke, long complete) {
        return op(client, kind, value, expected, Outcome.FAIL, false, invoke, complete);
    }

    RegisterOp op(
            int client,
            OpKind kind,
            String value,
            String expected,
            Outcome outcome,
            boolean swapped,
            long invoke,
            long complete) {
        return new RegisterOp(nextId++, client, key, kind, value, expected, outcome, swapped, invoke, complete);
    }
}
