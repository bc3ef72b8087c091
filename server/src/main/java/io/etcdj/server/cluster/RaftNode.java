package io.etcdj.server.cluster;

import io.etcdj.peer.Ack;
import io.etcdj.peer.Member;
import io.etcdj.peer.PeerTransport;
import io.etcdj.raft.ConfChange;
import io.etcdj.raft.ConfChangeType;
import io.etcdj.raft.ConfState;
import io.etcdj.raft.RawNode;
import io.etcdj.raft.StateType;
import io.etcdj.server.command.ApplyResult;
import io.etcdj.server.command.Command;
import io.etcdj.server.command.ProposalRejectedException;
import io.etcdj.server.command.Proposer;
import io.etcdj.server.config.ServerConfig.ActiveSet;
import io.etcdj.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a Raft group, and the owner of its Raft thread: every input reaches that thread through one bounded
 * inbox ({@link RaftInput}); the thread steps the {@link RawNode}, ticks it, and hands each Ready to the
 * {@link ReadyHandler} (persisted with one fsync, sent, handed to the {@link ApplyLoop}). A cluster of one is the
 * same code. Other threads reach it through {@link Proposer} (HTTP threads; here), {@link PeerInbound} (transport
 * threads) and {@link Membership} (joins and removals): none of them touches the Raft core, they queue inputs for
 * the thread, whose loop is {@link RaftThread}.
 *
 * <p>Proposals that find the inbox full are refused, peer messages that find it full are dropped (Raft recovers from
 * loss).
 */
public final class RaftNode implements Proposer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
    private static final int MAX_WAITING_PROPOSALS = 16_384;
    private static final long REQUEST_TIMEOUT_MS = 10_000;
    private final MemberSettings settings;
    private final long selfId;
    private final Store store;
    private final Clock clock;
    private final RaftStorage storage;
    private final RawNode rawNode;
    private final PendingRequests<ApplyResult> proposals =
            new PendingRequests<>(MAX_WAITING_PROPOSALS, REQUEST_TIMEOUT_MS, "write");
    private final QuorumReads reads;
    private final Expiry expiry;
    private final ApplyLoop applyLoop;
    private final Members members;
    private final RaftStats stats;
    private final RaftStatus status;
    private final LoopHealth health = new LoopHealth();
    private final RejectedInput rejected = new RejectedInput(LOG);
    private final PeerInbound peerInbound;
    private final RaftThread raftThread;
    private final WriteStages writeStages = new WriteStages();
    private volatile PeerTransport transport;
    private volatile PeerDirectory peers;
    /** Joins and removals, one at a time; made when the transport is known ({@link #start}). */
    private volatile Membership membership;
    /** Completes when a membership change removes this member (etcd 0.4 stopped such a member). */
    private final CompletableFuture<Void> removed = new CompletableFuture<>();

    /** See {@link #runAsStandby}. */
    private volatile boolean runsAsStandby;

    private volatile String failure;
    /**
     * The cluster config while none is stored in the keyspace: this member's flags (set by {@link #start}), or what
     * the cluster answered its join with ({@link #adoptClusterConfig}).
     */
    private volatile ActiveSet initialActiveSet = ActiveSet.DEFAULTS;
    /** The leader's removals of voters past activeSize or unheard for removeDelay; made by {@link #start}. */
    private volatile ActiveSetMonitor activeSetMonitor;
    /** The config the log last wrote at {@link ClusterConfig#KEY}; null while none is stored. */
    private volatile ActiveSet storedClusterConfig;
    /** The members as last applied; see {@link #knownMembers()}. */
    private volatile List<Member> knownMembers = List.of();

    private RaftNode(MemberSettings settings, Store store, Clock clock, RaftStorage storage) {
        this.settings = settings;
        this.selfId = settings.self().id();
        // A read round unanswered for a heartbeat interval is likely lost; the next heartbeat re-asks for it anyway.
        this.reads = new QuorumReads(MAX_WAITING_PROPOSALS, REQUEST_TIMEOUT_MS, settings.heartbeatMs());
        this.store = store;
        this.clock = clock;
        this.storage = storage;
        long applied = storage.memory().snapshot().index();
        this.rawNode = new RawNode(settings.raftConfig(applied, new Slf4jRaftLogger(LOG)), storage.raftView());
        if (storage.voteHold().isHeld() && !storage.isFresh()) {
            // Restarted during its catch-up after starting on an empty data dir (see holdVotesUntilCaughtUp).
            rawNode.holdVotesUntilCaughtUp();
            LOG.info(
                    "{} is still catching up after starting on an empty data dir: no votes until it has ({})",
                    settings.self().name(),
                    storage.voteHold().file());
        }
        this.status = new RaftStatus(
                storage.memory().hardState().term(),
                storage.memory().hardState().commit(),
                storage.memory().snapshot().metadata().confState());
        this.members = new Members(store);
        this.stats = new RaftStats(settings.self().name(), clock.instant());
        this.expiry = new Expiry(store, clock);
        this.applyLoop = new ApplyLoop(
                store,
                storage,
                applied,
                settings.snapshotEveryEntries(),
                proposals,
                reads,
                expiry,
                this::membersChanged,
                this::clusterConfigApplied,
                health,
                rejected,
                writeStages);
        this.raftThread = new RaftThread(
                this,
                rawNode,
                TimeUnit.MILLISECONDS.toNanos(settings.tickMs()),
                settings.electionTimeoutMs(),
                status,
                proposals,
                reads,
                expiry,
                health,
                rejected);
        this.peerInbound = new PeerInbound(this, raftThread, status, rejected, settings.electionTimeoutMs());
        health.failure().thenAccept(this::stopAfterFailure);
        if (storage.startedFromSnapshot()) {
            clusterConfigApplied(null); // the snapshot's store may hold one
        }
    }

    /** Opens the node on its storage; the store must already hold the storage's snapshot (if any). */
    public static RaftNode create(MemberSettings settings, Store store, Clock clock, RaftStorage storage) {
        return new RaftNode(settings, store, clock, storage);
    }

    public long selfId() {
        return selfId;
    }

    /** The keyspace this member applies the log to. */
    public Store store() {
        return store;
    }

    /** The log and snapshots on disk. */
    public RaftStorage storage() {
        return storage;
    }

    /** This member's name and URLs as it was started. */
    public Member self() {
        return settings.self();
    }

    public Members members() {
        return members;
    }

    public RaftStats stats() {
        return stats;
    }

    /** Where client writes spend their time (the Raft, apply and HTTP threads report to it). */
    WriteStages writeStages() {
        return writeStages;
    }

    /** Whether the Raft and apply loops are alive and moving; completes {@link LoopHealth#failure()} on failure. */
    public LoopHealth health() {
        return health;
    }

    /** Peer messages and log entries refused since start, by kind. */
    public Map<String, Long> rejectedInput() {
        return rejected.counts();
    }

    /**
     * For a member that starts on an empty data dir and joins (or waits as a standby to join) a cluster, before
     * {@link #start}: it may have been a member under this name before, with votes granted and entries acknowledged
     * that it no longer has. Until its log reaches the commit index its leader gives it when asked, it grants no
     * vote and starts no election (see {@link RawNode#holdVotesUntilCaughtUp}); {@code <data-dir>/votes_held} keeps
     * that across restarts. A member that never was one catches up within its first appends.
     */
    public void holdVotesUntilCaughtUp() throws IOException {
        storage.voteHold().hold();
        rawNode.holdVotesUntilCaughtUp();
        LOG.info(
                "{} starts on an empty data dir: it grants no votes and starts no elections until it has caught up"
                        + " with the leader ({})",
                settings.self().name(),
                storage.voteHold().file());
    }

    /** A new cluster whose only member is this one (the seed's first machine). Before {@link #start}. */
    public void bootstrapAlone() throws IOException {
        storage.voteHold().release(); // left by a join that never got an answer: a new cluster has nothing to forget
        rawNode.bootstrapWith(
                List.of(new ConfChange(ConfChangeType.ADD_NODE, selfId, MemberCodec.encode(settings.self()))));
        status.confState = ConfState.of(selfId);
        status.commitIndex = 1; // the bootstrap entry: campaign once it is handed out (Raft refuses before)
    }

    /**
     * Marks this member as a standby (before {@link #start}, so that it holds while the log is replayed): no cluster
     * counts it as a voter, and a removal of itself applied from now on is history, not a reason to leave (a removed
     * member keeps its log and replays its removal at every start as a standby). Cleared by {@link
     * #promotedFromStandby}.
     */
    public void runAsStandby() {
        runsAsStandby = true;
    }

    /** The cluster has added this member again and its registration is applied: removals count again. */
    public void promotedFromStandby() {
        runsAsStandby = false;
    }

    boolean runsAsStandby() {
        return runsAsStandby;
    }

    /** Starts the threads; the transport must be listening. A cluster formed here gets etcd's default config. */
    public void start(PeerTransport transport) {
        start(transport, ActiveSet.DEFAULTS);
    }

    /**
     * Starts the threads; the transport must be listening. {@code activeSet} (this member's flags) is the cluster
     * config a cluster formed here has until an operator PUTs one (then it is kept in the log).
     */
    public void start(PeerTransport transport, ActiveSet activeSet) {
        this.initialActiveSet = activeSet;
        this.transport = transport;
        this.peers = new PeerDirectory(selfId, transport);
        this.membership = new Membership(this, transport);
        membersChanged(List.of());
        applyLoop.start();
        raftThread.start(new ReadyHandler(
                this,
                rawNode,
                status,
                transport,
                peers,
                applyLoop,
                proposals,
                reads,
                rejected,
                clock,
                () -> removed.complete(null),
                raftThread::removalNoticed));
        activeSetMonitor = ActiveSetMonitor.start(this);
    }

    /** The cluster config: what the cluster stores at {@link ClusterConfig#KEY}, or this member's flags. */
    public ActiveSet clusterConfig() {
        ActiveSet stored = storedClusterConfig;
        return stored != null ? stored : initialActiveSet;
    }

    /** Apply thread (or construction): a config write was applied ({@code json}), or the store was replaced (null). */
    private void clusterConfigApplied(String json) {
        String value = json != null ? json : ClusterConfig.stored(store);
        if (value == null) {
            storedClusterConfig = null;
            return;
        }
        try {
            storedClusterConfig = ClusterConfig.fromJson(value, initialActiveSet);
        } catch (IllegalArgumentException damaged) {
            LOG.warn(
                    "the stored cluster config {} is unreadable ({}); using {}",
                    value,
                    damaged.getMessage(),
                    ClusterConfig.toJson(clusterConfig()));
        }
    }

    /** Writes waiting to be applied here (etcd's proposals_pending). */
    public int pendingProposals() {
        return proposals.size();
    }

    /** Writes answered with an error since start (etcd's proposals_failed_total). */
    public long failedProposals() {
        return proposals.failedCount();
    }

    /** Sends fsync, snapshot and heartbeat round-trip durations to {@code timings} from now on. */
    public void observeTimings(Timings timings) {
        storage.observeTimings(timings);
        stats.observeTimings(timings);
        writeStages.observe(timings);
    }

    /** True if {@code id} is a member as last applied; reads no store (no count in /v2/stats/store). */
    public boolean isAppliedMember(long id) {
        List<Member> current = knownMembers;
        for (int i = 0; i < current.size(); i++) {
            if (current.get(i).id() == id) {
                return true;
            }
        }
        return false;
    }

    /** The members as last applied (a cache: reading the store for each use would count in /v2/stats/store). */
    List<Member> knownMembers() {
        return knownMembers;
    }

    /**
     * The config to use while none is stored: a joining member takes the one its cluster answered with, so every
     * member agrees before an operator first PUTs one (0.4.6 stored the config only on PUT; writing it at start
     * would shift every index the seed shows by one).
     */
    public void adoptClusterConfig(ActiveSet config) {
        this.initialActiveSet = config;
    }

    /**
     * Writes the cluster config through the log (an internal write of {@link ClusterConfig#KEY}; clients cannot
     * write under /_etcd). Completes once applied here; only the leader should call it (a follower's proposal is
     * forwarded by Raft, but 0.4.6 sent config changes to the leader).
     */
    public CompletableFuture<ApplyResult> proposeClusterConfig(ActiveSet config) {
        return propose(Command.set(ClusterConfig.KEY, false, ClusterConfig.toJson(config), Command.PERMANENT));
    }

    /** What the transport hands this member: peer messages, membership calls, delivery reports. */
    public PeerInbound peerInbound() {
        return peerInbound;
    }

    /** Joins and removals; null before {@link #start}. */
    Membership membership() {
        return membership;
    }

    /** Completes once this member has been removed from the cluster. */
    public CompletableFuture<Void> removed() {
        return removed;
    }

    @Override
    public Executor answerExecutor(Executor pool) {
        return applyLoop.answersOn(pool);
    }

    /** Waits until the local store has applied {@code index}; false on timeout. */
    public boolean awaitApplied(long index, long timeoutMs) throws InterruptedException {
        return applyLoop.awaitApplied(index, timeoutMs);
    }

    /** Waits (bounded) until some member is known to lead; false on timeout. */
    public boolean awaitLeader(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (status.leaderId == 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            applyLoop.awaitApplied(Long.MAX_VALUE, 10);
        }
        return true;
    }

    public long appliedIndex() {
        return applyLoop.appliedIndex();
    }

    public boolean isLeader() {
        return status.isLeader();
    }

    /** True from start until the member stops or fails. */
    public boolean isRunning() {
        return raftThread.isRunning();
    }

    /**
     * After a restart from the log: if this member was started with other URLs than the log records, asks the
     * cluster (in the background) to replace them, so members and clients find it at its new address.
     */
    public void republishIfMoved() {
        Republish.ifMoved(this, transport);
    }

    /**
     * A member restarted from its log: asks the cluster in the background whether it still is a member; one removed
     * while it was down then leaves ({@link #removed()}), unless a leader is heard from ({@link StillAMember}).
     */
    public void checkStillAMember() {
        StillAMember.check(this, transport);
    }

    /** Someone said this member was removed: believed if the leader stays silent ({@link RemovalNotice}). */
    void removalNoticed() {
        raftThread.offer(new RaftInput.RemovalNoticed());
    }

    /** The leader's id, 0 while none is known. */
    public long leaderId() {
        return status.leaderId;
    }

    /**
     * The last leader this member knew, also after it lost touch (a removed member stops hearing from the leader and
     * starts an election that clears {@link #leaderId()}); 0 if it never knew one.
     */
    public long lastKnownLeaderId() {
        return status.lastKnownLeaderId;
    }

    public StateType state() {
        return status.state;
    }

    // ---- Proposer (HTTP threads) ----

    @Override
    public CompletableFuture<ApplyResult> propose(Command command) {
        if (!raftThread.isRunning()) {
            proposals.countRefused();
            return CompletableFuture.failedFuture(
                    new ProposalRejectedException(failure != null ? failure : "the node is stopping"));
        }
        PendingRequests.Registered<ApplyResult> r = proposals.register();
        if (r == null) {
            proposals.countRefused();
            return CompletableFuture.failedFuture(new ProposalRejectedException(
                    "too many writes waiting (" + MAX_WAITING_PROPOSALS + "); try again"));
        }
        writeStages.registered(r.id());
        if (!raftThread.offer(new RaftInput.Proposal(EntryData.encode(r.id(), command)))) {
            proposals.fail(r.id(), "too many requests waiting for the raft thread; try again");
        }
        return r.future();
    }

    @Override
    public void writeAnswered(long raftIndex) {
        writeStages.answered(raftIndex);
    }

    @Override
    public CompletableFuture<Void> readBarrier() {
        PendingRequests.Registered<Void> r = reads.register();
        if (r == null) {
            return CompletableFuture.failedFuture(new ProposalRejectedException("too many quorum reads waiting"));
        }
        if (!raftThread.offer(new RaftInput.QuorumRead(r.id()))) {
            reads.fail(r.id(), "too many requests waiting for the raft thread; try again");
        }
        return r.future();
    }

    @Override
    public long commitIndex() {
        return status.commitIndex;
    }

    @Override
    public long term() {
        return status.term;
    }

    /** An operator's removal (DELETE /v2/admin/machines/name on any member). */
    public Ack requestRemoval(String name) {
        Membership m = membership;
        return m == null ? new Ack(false, "this member is starting; try again") : m.remove(name);
    }

    /** Membership: asks the Raft thread to propose a change; false when the inbox is full. */
    boolean proposeConfChange(ConfChange cc) {
        return raftThread.offer(new RaftInput.ConfChangeProposal(cc));
    }

    /** Transport threads: a member this one knows (a voter, or a peer it was told of), not a stranger. */
    boolean isKnownMember(long id) {
        PeerDirectory directory = peers;
        return status.confState.voters().contains(id) || (directory != null && directory.knows(id));
    }

    /** After any loop failed: take no more work and answer everyone waiting. */
    private void stopAfterFailure(String reason) {
        failure = reason;
        raftThread.stop();
        proposals.failAll(reason);
        reads.failAll(reason);
    }

    /** Tells the transport where a member listens, unless it already knows that very URL. */
    public void addPeer(long id, String peerUrl) {
        peers.add(id, peerUrl);
    }

    /** Apply thread: the store's /_etcd/machines changed; the transport learns every member's peer URL from it. */
    private void membersChanged(List<Member> changed) {
        List<Member> all = members.all();
        knownMembers = all;
        for (Member m : all) {
            addPeer(m.id(), m.peerUrl());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (raftThread.isRunning() && raftThread.isAlive()) {
                LeaderHandoff.beforeStop(this, raftThread, status, settings.electionTimeoutMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ActiveSetMonitor monitor = activeSetMonitor;
        if (monitor != null) {
            monitor.close();
        }
        raftThread.stopAndJoin(10_000);
        applyLoop.close();
        proposals.failAll("the node is stopping");
        reads.failAll("the node is stopping");
        storage.close();
    }
}
