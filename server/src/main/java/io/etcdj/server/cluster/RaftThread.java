package io.etcdj.server.cluster;

import io.etcdj.raft.ConfChange;
import io.etcdj.raft.MemberIds;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.etcdj.raft.ProposalDroppedException;
import io.etcdj.raft.RawNode;
import io.etcdj.server.command.ApplyResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft thread: the only thread that touches the {@link RawNode}. Each turn it takes what its inbox holds (proposals
 * become one batch, quorum reads one ReadIndex round), ticks when a tick is due (with the duties that run on the
 * tick), and hands every Ready to the {@link ReadyHandler}.
 *
 * <p>The inbox is bounded ({@value #INBOX_CAPACITY} inputs): {@link #offer} returns false when it is full, and the
 * caller decides (a proposal is refused, a peer message dropped). Any failure here (a failed fsync, a bug) stops the
 * member through {@link LoopHealth}: it must not acknowledge a write it may have lost.
 */
final class RaftThread implements RaftInput.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(RaftThread.class);
    private static final int INBOX_CAPACITY = 32_768;
    /** Inputs taken per turn at most, so that ticks and Readies are not starved by a flood. */
    private static final int MAX_DRAIN = 4_096;

    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RaftNode node;
    private final RawNode rawNode;
    private final long tickNanos;
    private final RaftStatus status;
    private final PendingRequests<ApplyResult> proposals;
    private final QuorumReads reads;
    private final Expiry expiry;
    private final RemovalNotice removalNotice;
    private final LoopHealth health;
    private final RejectedInput rejected;
    private final ArrayBlockingQueue<RaftInput> inbox = new ArrayBlockingQueue<>(INBOX_CAPACITY);
    private final Thread thread = new Thread(this::run, "etcdj-raft");
    private volatile boolean running = true;
    private ReadyHandler readyHandler;

    /** What one turn collected; this thread only. */
    private final List<byte[]> batch = new ArrayList<>(MAX_DRAIN);

    private final List<Long> readIds = new ArrayList<>();
    private boolean campaignedAlone;
    private long lastSweepNanos = System.nanoTime();

    RaftThread(
            RaftNode node,
            RawNode rawNode,
            long tickNanos,
            long electionTimeoutMs,
            RaftStatus status,
            PendingRequests<ApplyResult> proposals,
            QuorumReads reads,
            Expiry expiry,
            LoopHealth health,
            RejectedInput rejected) {
        this.node = node;
        this.rawNode = rawNode;
        this.tickNanos = tickNanos;
        this.status = status;
        this.proposals = proposals;
        this.reads = reads;
        this.expiry = expiry;
        this.removalNotice = new RemovalNotice(node.self().name(), electionTimeoutMs);
        this.health = health;
        this.rejected = rejected;
        health.watchRaft(thread);
    }

    void start(ReadyHandler handler) {
        this.readyHandler = handler;
        thread.start();
    }

    /** Any thread; never blocks. False when the inbox is full. */
    boolean offer(RaftInput input) {
        return inbox.offer(input);
    }

    /** Any thread: waits up to the timeout for room. */
    boolean offer(RaftInput input, long timeout, TimeUnit unit) throws InterruptedException {
        return inbox.offer(input, timeout, unit);
    }

    /** True from start until the member stops or fails. */
    boolean isRunning() {
        return running;
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    /** The thread ends after its current turn. */
    void stop() {
        running = false;
    }

    void stopAndJoin(long timeoutMs) {
        running = false;
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            loop();
        } catch (InterruptedException e) {
            if (running) {
                health.failed("the raft loop", e);
            }
        } catch (Throwable e) {
            // A failed fsync or write (we can no longer tell what is durable), or a bug: stop rather than acknowledge
            // a write that may be lost.
            health.failed("the raft loop", e);
        }
    }

    private void loop() throws IOException, InterruptedException {
        long nextTick = System.nanoTime() + tickNanos;
        List<RaftInput> drained = new ArrayList<>(MAX_DRAIN);
        while (running) {
            long waitNanos = nextTick - System.nanoTime();
            RaftInput first = waitNanos > 0 ? inbox.poll(waitNanos, TimeUnit.NANOSECONDS) : inbox.poll();
            if (first != null) {
                drained.add(first);
                inbox.drainTo(drained, MAX_DRAIN - 1);
            }
            for (RaftInput input : drained) {
                input.deliverTo(this);
            }
            drained.clear();
            if (!batch.isEmpty()) {
                proposeBatch();
            }
            long now = System.nanoTime();
            maybeStartReadRound(now);
            health.raftBeat(now);
            if (now - nextTick >= 0) {
                // A standby follows and never campaigns (its kept log may still count it as a voter, removed while
                // it was down; or it is a voter again whose promotion is not finished), but its election time runs:
                // a lease that never expired would refuse every other member's vote request.
                rawNode.holdCampaigns(node.runsAsStandby());
                rawNode.tick();
                nextTick = now - nextTick > 10 * tickNanos ? now + tickNanos : nextTick + tickNanos;
                onTick(now);
            }
            handleReadies();
            if (maybeStartReadRound(System.nanoTime())) {
                handleReadies(); // the round answered by those Readies let the reads waiting behind it go now
            }
        }
    }

    private void handleReadies() throws IOException, InterruptedException {
        while (rawNode.hasReady()) {
            readyHandler.handle(rawNode.ready());
        }
    }

    /** Starts a ReadIndex round for the quorum reads waiting, if any and if no round holds them back. */
    private boolean maybeStartReadRound(long now) {
        if (readIds.isEmpty() || !reads.mayStartRound(now)) {
            return false;
        }
        reads.startRound(rawNode, readIds, now);
        readIds.clear();
        return true;
    }

    /** What runs on every tick besides Raft's own timers. */
    private void onTick(long now) throws IOException {
        if (status.isLeader()) {
            expiry.onLeaderTick(rawNode);
        }
        if (!node.runsAsStandby()) {
            maybeCampaignAlone();
        }
        switch (removalNotice.judgeAt(now, status.isLeader())) {
            case BELIEVED -> node.removed().complete(null);
            case REFUTED ->
                rejected.reject(
                        RemovalNotice.KIND,
                        "a peer said " + node.self().name() + " was removed, but the leader still sends to it");
            case UNDECIDED -> {}
        }
        node.storage().releaseCompacted();
        if (now - lastSweepNanos > SWEEP_INTERVAL_NANOS) {
            lastSweepNanos = now;
            proposals.expireOverdue();
            reads.sweep(now);
        }
    }

    /** The only voter need not wait an election timeout to lead (a one-member cluster starting or restarting). */
    private void maybeCampaignAlone() {
        if (!campaignedAlone
                && !status.isLeader()
                && readyHandler.handedOutIndex() >= status.commitIndex
                && status.confState.voters().equals(List.of(node.selfId()))) {
            campaignedAlone = true;
            rawNode.campaign();
        }
    }

    private void proposeBatch() {
        try {
            rawNode.proposeAll(batch);
            node.writeStages().proposed(batch);
        } catch (ProposalDroppedException e) {
            String why = status.leaderId == 0
                    ? "no leader (an election is under way)"
                    : "this member cannot take writes now: " + e.getMessage();
            for (byte[] data : batch) {
                proposals.fail(EntryData.requestId(data), why);
            }
        }
        batch.clear();
    }

    // ---- RaftInput.Handler: one method per kind of input ----

    @Override
    public void propose(byte[] entryData) {
        batch.add(entryData);
    }

    @Override
    public void quorumRead(long requestId) {
        readIds.add(requestId);
    }

    /**
     * A peer's message that passed the {@link InboundGate} may still be one Raft cannot take (a commit index past our
     * log, an entry conflicting with a committed one): Raft refuses it before changing anything, and one bad message
     * must not stop the member, so it is counted and dropped like a lost message.
     */
    @Override
    public void step(Message m) {
        node.stats().received(m);
        if (m.from() == status.leaderId && (m.type() == MessageType.MsgApp || m.type() == MessageType.MsgHeartbeat)) {
            removalNotice.leaderSpoke(System.nanoTime());
        }
        if (m.type() == MessageType.MsgApp) {
            node.writeStages().appendReceived();
        }
        try {
            rawNode.step(m);
        } catch (RuntimeException refused) {
            rejected.reject(
                    "peer message refused by raft",
                    m.type(),
                    m.type() + " from " + MemberIds.hex(m.from()) + ": " + refused.getMessage());
        }
    }

    @Override
    public void reportUnreachable(long peerId) {
        rawNode.reportUnreachable(peerId);
    }

    @Override
    public void reportSnapshot(long peerId, boolean failed) {
        rawNode.reportSnapshot(peerId, failed);
    }

    /** A follower passes the request to the leader; with none known it is dropped, like a lost one. */
    @Override
    public void transferLeadership(long transfereeId) {
        try {
            rawNode.transferLeadership(transfereeId);
        } catch (ProposalDroppedException e) {
            LOG.info("leadership transfer to {} not started: {}", MemberIds.hex(transfereeId), e.getMessage());
        }
    }

    @Override
    public void proposeConfChange(ConfChange change) {
        try {
            rawNode.proposeConfChange(change);
        } catch (ProposalDroppedException e) {
            LOG.warn("membership change {} not proposed: {}", change, e.getMessage());
        }
    }

    @Override
    public void removalNoticed() {
        removalNotice.noticed(System.nanoTime());
    }
}
