/**
 * What a workload records: one {@link io.etcdj.faults.history.RegisterOp} per operation on a register key (invocation
 * and completion together), gathered by a thread-safe {@link io.etcdj.faults.history.History}, and saved as JSON lines
 * when a checker finds a failing window. Depends on nothing else of the fault suite: the checkers read these types.
 */
package io.etcdj.faults.history;
