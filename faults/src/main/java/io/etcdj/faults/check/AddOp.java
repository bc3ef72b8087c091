package io.etcdj.faults.check;

import io.etcdj.faults.history.Outcome;
import java.util.Objects;

/**
 * One add of the set workload: a {@code prevExist=false} create of a key named after a unique element.
 *
 * @param id unique within the run
 * @param element the element added (unique among the adds)
 * @param outcome OK: created; FAIL: certainly not created; INFO: unknown
 */
public record AddOp(long id, String element, Outcome outcome) {
    public AddOp {
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(outcome, "outcome");
    }
}
