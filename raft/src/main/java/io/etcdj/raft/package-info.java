/**
 * The Raft consensus algorithm as a pure, deterministic state machine: no threads, sockets, files, clocks or
 * global randomness. The caller owns all of those and drives one {@link io.etcdj.raft.RawNode} from one thread.
 *
 * <h2>Usage</h2>
 * <pre>{@code
 * MemoryStorage storage = new MemoryStorage();            // or the server's WAL-backed Storage
 * RawNode node = new RawNode(Config.defaults(id, new SplittableRandom(seed)), storage);
 * node.bootstrap(List.of(1L, 2L, 3L));                     // only when creating a new cluster
 * loop:
 *   every tick interval:        node.tick();
 *   for each received message:  node.step(message);
 *   for each client write:      node.propose(data);       // may throw ProposalDroppedException
 *   if (node.hasReady()) {
 *     Ready rd = node.ready();
 *     1. persist rd.snapshot(), rd.entries(), rd.hardState()   (fsync if rd.mustSync())
 *     2. send rd.messages()                                    (after 1; see Ready for the leader exception)
 *     3. apply rd.snapshot(), then rd.committedEntries() in order;
 *        for a CONF_CHANGE entry: node.applyConfChange(ConfChange.decode(entry.data()))
 *     4. serve rd.readStates() whose index is applied
 *     node.advance(rd);
 *   }
 * }</pre>
 *
 * <h2>What is implemented</h2>
 * Leader election with randomized timeouts (§5.2), pre-vote (thesis §9.6) and check-quorum (thesis §6.2); log
 * replication with batching ({@code maxSizePerMsgBytes}), pipelining bounded by {@code maxInflightMsgs}, fast
 * back-off on rejection (conflicting term hints); commitment by majority of entries of the current term only
 * (§5.4.2); snapshots sent to followers whose entries are compacted; one-server-at-a-time membership changes
 * applied on commit (§6); leadership transfer with {@code MsgTimeoutNow} (thesis §3.10); linearizable reads with
 * ReadIndex confirmed by a heartbeat round (thesis §6.4).
 *
 * <h2>Layout</h2>
 * {@link io.etcdj.raft.RawNode} is the driver; the package-private {@code Raft} holds term, vote, role and
 * transitions ({@code becomeFollower/PreCandidate/Candidate/Leader}) and dispatches to {@code LeaderRole},
 * {@code CandidateRole}, {@code FollowerRole}; {@code Replication} sends and receives entries; {@code RaftLog} and
 * {@code Unstable} hold the log; {@code Membership} applies changes; {@code ReadOnly} tracks reads. Subpackages:
 * {@link io.etcdj.raft.tracker} (per-follower progress) and {@link io.etcdj.raft.quorum} (vote counting). Broken
 * invariants throw {@link java.lang.IllegalStateException}; every queue is bounded.
 */
package io.etcdj.raft;
