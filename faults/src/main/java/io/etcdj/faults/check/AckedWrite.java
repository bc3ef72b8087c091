package io.etcdj.faults.check;

import java.util.Objects;

/**
 * A write the cluster acknowledged, with the index it answered.
 *
 * @param key the key written
 * @param value the value written (null for a delete)
 * @param modifiedIndex node.modifiedIndex of the answer
 */
public record AckedWrite(String key, String value, long modifiedIndex) {
    public AckedWrite {
        Objects.requireNonNull(key, "key");
    }
}
