/**
 * The checkers of the fault suite, pure functions of what the workloads recorded: {@link
 * io.etcdj.faults.check.LinearizabilityChecker} (Wing–Gong–Lowe search over a register's history, with a minimal failing
 * window), {@link io.etcdj.faults.check.SetChecker} (lost and phantom adds), {@link
 * io.etcdj.faults.check.WatchChecker} (watch order, agreement and completeness) and {@link
 * io.etcdj.faults.check.InOrderKeysChecker} (unique, ordered POST keys). They read {@code faults.history} and nothing
 * else of the suite.
 */
package io.etcdj.faults.check;
