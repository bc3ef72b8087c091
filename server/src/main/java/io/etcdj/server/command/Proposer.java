package io.etcdj.server.command;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Where the HTTP layer sends writes: the command is logged, committed and applied, and the future completes with
 * the result (on the apply thread; a continuation must not block). The HTTP layer knows nothing else of the log.
 */
public interface Proposer {
    /**
     * Never blocks. The future fails with {@link ProposalRejectedException} when the node cannot take the command
     * (queue full, shutting down, no leader).
     */
    CompletableFuture<ApplyResult> propose(Command command);

    /**
     * Completes once every entry committed when it was called has been applied to the local store: a read after it
     * sees every write acknowledged before it (etcd's quorum=true).
     */
    CompletableFuture<Void> readBarrier();

    /** The highest log index known committed (X-Raft-Index). */
    long commitIndex();

    /** The current term (X-Raft-Term). */
    long term();

    /**
     * Where the HTTP layer finishes the answer to a write or a quorum read once its future completes: {@code pool},
     * or a wrapper that runs the answer on the completing thread when that is cheaper than waking a pool thread (a
     * lightly loaded member). The tasks given to it never block.
     */
    default Executor answerExecutor(Executor pool) {
        return pool;
    }

    /** The response to the write applied at {@code raftIndex} was handed to the connection (for the metrics). */
    default void writeAnswered(long raftIndex) {}
}
