/**
 * A member of a Raft group.
 *
 * <h2>Who owns what</h2>
 * {@link io.etcdj.server.cluster.RaftNode} is the member: it builds and stops its threads and takes proposals and
 * quorum reads. The Raft thread ({@code RaftThread}) is the only user of the {@code RawNode}: it drains the bounded
 * inbox of {@code RaftInput}s (proposals batched into one append, peer messages, reports, membership calls), ticks,
 * and hands each Ready to {@code ReadyHandler} (send appends early, persist through {@code RaftStorage} with one
 * fsync, send the rest, apply membership changes, pass committed entries on). The apply thread ({@code ApplyLoop}) is
 * the only writer of the store; it completes waiting requests ({@code PendingRequests}) and takes snapshots.
 *
 * <h2>Input is untrusted</h2>
 * Peer messages pass {@code InboundGate} ({@code PeerMessageCheck} plus "from a known member"); what Raft still
 * refuses is counted and dropped; joins are checked ({@code JoinCheck}); entries that do not decode are applied as
 * no-ops on every member alike; refusals are counted and logged at most once per 10 s per kind
 * ({@code RejectedInput}). A loop that fails completes {@code LoopHealth}'s failure, and the process stops.
 *
 * <h2>Membership</h2>
 * Members are recorded in the keyspace at {@code /_etcd/machines/<name>} ({@code MachinesDir}), written by every
 * member when it applies a conf change carrying the member's record ({@code MemberCodec}); {@code Membership} makes
 * one change at a time; {@code PeerDirectory} tells the transport where members listen; {@code Republish} moves a
 * member that restarted with other URLs. TTL expiry is proposed by the leader alone ({@code Expiry}).
 */
package io.etcdj.server.cluster;
