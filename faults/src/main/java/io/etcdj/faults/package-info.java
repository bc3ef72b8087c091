/**
 * A Jepsen-style fault suite of the project's own: real members on their own loopback addresses, nemeses (kill,
 * pause, partition, slow or failing disk, clock offset), workloads whose every operation is recorded, and checkers
 * (linearizability by Wing–Gong–Lowe, lost writes, watch completeness, in-order key uniqueness).
 */
package io.etcdj.faults;
