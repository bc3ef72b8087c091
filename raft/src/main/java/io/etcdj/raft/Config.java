package io.etcdj.raft;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How a Raft node behaves. Build with {@link #defaults(long, RandomGenerator)} and the {@code withX} methods.
 *
 * @param id                         this node's id, never 0 (0 means "none")
 * @param electionTicks              followers start an election after a random timeout in
 *                                   [electionTicks, 2*electionTicks) ticks without hearing from a leader
 * @param heartbeatTicks             the leader sends heartbeats every heartbeatTicks ticks; must be below
 *                                   electionTicks
 * @param random                     the only source of randomness (election jitter); seed it for replayable runs
 * @param maxSizePerMsgBytes         upper bound of entry bytes per MsgApp (at least one entry is always sent)
 * @param maxInflightMsgs            MsgApps in flight per follower in the replicate state (pipelining window)
 * @param maxUncommittedEntriesBytes a leader drops proposals past this many uncommitted entry bytes
 * @param maxCommittedSizePerReadyBytes bound on committed entry bytes handed out in one {@link Ready}
 * @param applied                    the last index the caller's state machine has applied (on restart)
 * @param preVote                    run a pre-election (thesis §9.6) so a partitioned node cannot disrupt the leader
 * @param checkQuorum                a leader steps down if it has not heard from a quorum within an election
 *                                   timeout, and followers ignore vote requests while they hear a leader
 * @param logger                     receives state transitions and warnings
 * @param proposalForwarding         a follower forwards proposals to the leader (etcd's default); off, a proposal
 *                                   on a follower is refused with {@link ProposalDroppedException}, so a proposal can
 *                                   only enter the log where it was made (etcd's DisableProposalForwarding)
 */
public record Config(
        long id,
        int electionTicks,
        int heartbeatTicks,
        RandomGenerator random,
        long maxSizePerMsgBytes,
        int maxInflightMsgs,
        long maxUncommittedEntriesBytes,
        long maxCommittedSizePerReadyBytes,
        long applied,
        boolean preVote,
        boolean checkQuorum,
        RaftLogger logger,
        boolean proposalForwarding) {

    public static Config defaults(long id, RandomGenerator random) {
        return new Config(id, 10, 1, random, 1 << 20, 256, 1L << 30, 1L << 26, 0, true, true, RaftLogger.NOOP, true);
    }

    public Config withTicks(int newElectionTicks, int newHeartbeatTicks) {
        return new Config(
                id,
                newElectionTicks,
                newHeartbeatTicks,
                random,
                maxSizePerMsgBytes,
                maxInflightMsgs,
                maxUncommittedEntriesBytes,
                maxCommittedSizePerReadyBytes,
                applied,
                preVote,
                checkQuorum,
                logger,
                proposalForwarding);
    }

    public Config withLimits(long newMaxSizePerMsgBytes, int newMaxInflightMsgs) {
        return new Config(
                id,
                electionTicks,
                heartbeatTicks,
                random,
                newMaxSizePerMsgBytes,
                newMaxInflightMsgs,
                maxUncommittedEntriesBytes,
                maxCommittedSizePerReadyBytes,
                applied,
                preVote,
                checkQuorum,
                logger,
                proposalForwarding);
    }

    public Config withApplied(long newApplied) {
        return new Config(
                id,
                electionTicks,
                heartbeatTicks,
                random,
                maxSizePerMsgBytes,
                maxInflightMsgs,
                maxUncommittedEntriesBytes,
                maxCommittedSizePerReadyBytes,
                newApplied,
                preVote,
                checkQuorum,
                logger,
                proposalForwarding);
    }

    public Config withPreVote(boolean on) {
        return new Config(
                id,
                electionTicks,
                heartbeatTicks,
                random,
                maxSizePerMsgBytes,
                maxInflightMsgs,
                maxUncommittedEntriesBytes,
                maxCommittedSizePerReadyBytes,
                applied,
                on,
                checkQuorum,
                logger,
                proposalForwarding);
    }

    public Config withCheckQuorum(boolean on) {
        return new Config(
                id,
                electionTicks,
                heartbeatTicks,
                random,
                maxSizePerMsgBytes,
                maxInflightMsgs,
                maxUncommittedEntriesBytes,
                maxCommittedSizePerReadyBytes,
                applied,
                preVote,
                on,
                logger,
                proposalForwarding);
    }

    public Config withLogger(RaftLogger newLogger) {
        return new Config(
                id,
                electionTicks,
                heartbeatTicks,
                random,
                maxSizePerMsgBytes,
                maxInflightMsgs,
                maxUncommittedEntriesBytes,
                maxCommittedSizePerReadyBytes,
                applied,
                preVote,
                checkQuorum,
                newLogger,
                proposalForwarding);
    }

    public Config withProposalForwarding(boolean on) {
        return new Config(
                id,
                electionTicks,
                heartbeatTicks,
                random,
                maxSizePerMsgBytes,
                maxInflightMsgs,
                maxUncommittedEntriesBytes,
                maxCommittedSizePerReadyBytes,
                applied,
                preVote,
                checkQuorum,
                logger,
                on);
    }

    /** Throws {@link IllegalArgumentException} naming the first bad field. */
    public Config validate() {
        if (id == 0) {
            throw new IllegalArgumentException("id must not be 0 (reserved for 'none')");
        }
        if (heartbeatTicks <= 0) {
            throw new IllegalArgumentException("heartbeatTicks must be greater than 0");
        }
        if (electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("electionTicks must be greater than heartbeatTicks");
        }
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(logger, "logger");
        if (maxSizePerMsgBytes <= 0) {
            throw new IllegalArgumentException("maxSizePerMsgBytes must be greater than 0");
        }
        if (maxInflightMsgs <= 0) {
            throw new IllegalArgumentException("maxInflightMsgs must be greater than 0");
        }
        if (maxUncommittedEntriesBytes <= 0 || maxCommittedSizePerReadyBytes <= 0) {
            throw new IllegalArgumentException("byte limits must be greater than 0");
        }
        if (applied < 0) {
            throw new IllegalArgumentException("applied must not be negative");
        }
        return this;
    }
}
