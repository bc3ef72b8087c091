package io.etcdj.faults.check;

import io.etcdj.faults.history.Outcome;
import java.util.Objects;

/**
 * One POST of the in-order keys workload (a unique key created under a directory).
 *
 * @param key the key created (OK only; null otherwise)
 * @param createdIndex node.createdIndex of the answer (OK only)
 * @param outcome OK: created; FAIL: certainly not created; INFO: unknown
 */
public record InOrderPost(String key, long createdIndex, Outcome outcome) {
    public InOrderPost {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.OK && key == null) {
            throw new IllegalArgumentException("an OK POST created a key: it cannot be null");
        }
    }
}
