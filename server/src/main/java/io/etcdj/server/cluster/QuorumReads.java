package io.etcdj.server.cluster;

import io.etcdj.raft.ProposalDroppedException;
import io.etcdj.raft.RawNode;
import io.etcdj.raft.ReadState;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Quorum reads (etcd's {@code quorum=true}): each waits, bounded, until the leader has confirmed with a quorum that
 * it still leads (a ReadIndex round) and the local store has applied up to the index that round returned. The
 * clients waiting are {@link PendingRequests} (any thread); the rounds are {@link ReadRounds} (Raft thread only).
 */
final class QuorumReads {
    private final PendingRequests<Void> waiting;
    private final ReadRounds rounds;

    /** @param roundPatienceMs how long an unanswered round holds the next one back ({@link ReadRounds}) */
    QuorumReads(int capacity, long timeoutMs, long roundPatienceMs) {
        this.waiting = new PendingRequests<>(capacity, timeoutMs, "quorum read");
        this.rounds = new ReadRounds(
                TimeUnit.MILLISECONDS.toNanos(timeoutMs), TimeUnit.MILLISECONDS.toNanos(roundPatienceMs));
    }

    /** Any thread: a new read's id and future, or null when {@code capacity} reads are waiting already. */
    PendingRequests.Registered<Void> register() {
        return waiting.register();
    }

    void fail(long requestId, String why) {
        waiting.fail(requestId, why);
    }

    void failAll(String why) {
        waiting.failAll(why);
    }

    /** Raft thread: whether a round may start now (one at a time: see {@link ReadRounds}). */
    boolean mayStartRound(long nowNanos) {
        return rounds.mayStart(nowNanos);
    }

    /**
     * Raft thread: one ReadIndex round (a heartbeat to every follower) serves every quorum read that arrived since
     * the last round, instead of one round per read.
     */
    void startRound(RawNode rawNode, List<Long> requestIds, long nowNanos) {
        byte[] context = rounds.start(requestIds, nowNanos);
        try {
            rawNode.readIndex(context);
        } catch (ProposalDroppedException e) {
            rounds.abandon(context);
            for (long id : requestIds) {
                waiting.fail(id, "cannot serve a quorum read now: " + e.getMessage());
            }
        }
    }

    /** Raft thread: the reads a Ready's read state answers (empty when its round is unknown). */
    List<Long> answered(ReadState state) {
        return rounds.answered(state.context());
    }

    /** Raft thread: this member stopped leading, and Raft dropped the rounds it had not confirmed. */
    void leadershipLost() {
        for (long id : rounds.abandonAll()) {
            waiting.fail(id, "leadership changed before the quorum read was confirmed; try again");
        }
    }

    /** Apply thread: the store has applied up to these reads' index; they may read it now. */
    void ready(List<Long> requestIds) {
        for (long id : requestIds) {
            waiting.complete(id, null);
        }
    }

    /** Raft thread, about once a second: reads past their timeout fail; rounds whose answer was lost are dropped. */
    void sweep(long nowNanos) {
        waiting.expireOverdue();
        rounds.dropStale(nowNanos);
    }
}
