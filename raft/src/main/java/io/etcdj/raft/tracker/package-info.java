/**
 * The leader's view of its followers: {@link io.etcdj.raft.tracker.Progress} (match/next and the
 * PROBE/REPLICATE/SNAPSHOT states), {@link io.etcdj.raft.tracker.Inflights} (the bounded pipelining window) and
 * {@link io.etcdj.raft.tracker.ProgressTracker} (membership, progress and votes, iterated in id order).
 */
package io.etcdj.raft.tracker;
