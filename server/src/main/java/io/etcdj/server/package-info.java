/**
 * The etcdj node: {@link io.etcdj.server.Main} parses the flags ({@code config}), starts an
 * {@link io.etcdj.server.node.EtcdNode} and stops it on SIGTERM; {@code FailStop} ends the process (status 70) when
 * one of the member's own loops fails, so that a supervisor restarts it instead of a zombie answering.
 *
 * <h2>Packages, and who may use whom</h2>
 * <pre>
 *   Main -> node -> http -> cluster -> { wal, command, config }
 * </pre>
 * {@code node} wires a member together and owns the start-up order; {@code http} serves the client port's v2 API and
 * the peer port's admin JSON; {@code cluster} is the member in its Raft group (the Raft and apply threads,
 * membership, the log on disk through {@code wal}); {@code command} is what goes into the log and how it is applied
 * to the store; {@code config} the flags. The architecture test ({@code architecture/}) fails on any package cycle
 * and on a dependency against this order.
 *
 * <h2>Threads</h2>
 * One Raft thread ({@code etcdj-raft}) owns the Raft state machine and the WAL's writes; one apply thread
 * ({@code etcdj-apply}) is the only writer of the store; snapshots are written by {@code etcdj-snapshot}; segments are
 * preallocated by {@code etcdj-wal-preallocate}. Jetty's pools serve HTTP (requests never block a thread while they
 * wait for a commit or an event) and deliver watch events; gRPC's threads carry peer traffic into the Raft thread's
 * bounded inbox.
 *
 * <h2>The path of a write</h2>
 * {@code http.KeysHandler} parses and checks {@code PUT /v2/keys/...} into a {@code command.Command} (bad input
 * answers etcd's error JSON there); a follower answers 307 to the leader; the leader's
 * {@code cluster.RaftNode} queues the proposal; the Raft thread batches every waiting proposal into one append,
 * sends it to the followers while its own fsync runs, and once a majority has it on disk hands the committed entries
 * to the apply thread, which applies them to the store and completes the waiting request by its id; the response is
 * written on a Jetty thread.
 */
package io.etcdj.server;
