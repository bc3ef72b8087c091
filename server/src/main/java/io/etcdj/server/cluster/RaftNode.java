package io.etcdj.server.cluster;

import io.etcdj.peer.Ack;
import io.etcdj.peer.DeliveryReports;
import io.etcdj.peer.InboundHandler;
import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.Member;
import io.etcdj.peer.PeerTransport;
import io.etcdj.raft.ConfChange;
import io.etcdj.raft.ConfChangeType;
import io.etcdj.raft.ConfState;
import io.etcdj.raft.Config;
import io.etcdj.raft.Entry;
import io.etcdj.raft.EntryType;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.etcdj.raft.ProposalDroppedException;
import io.etcdj.raft.RawNode;
import io.etcdj.raft.ReadState;
import io.etcdj.raft.Ready;
import io.etcdj.raft.SoftState;
import io.etcdj.raft.StateType;
import io.etcdj.server.command.Applier;
import io.etcdj.server.command.Command;
import io.etcdj.server.command.ApplyResult;
import io.etcdj.server.command.ProposalRejectedException;
import io.etcdj.server.command.Proposer;
import io.etcdj.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A member of a Raft group: the one thread that owns the {@link RawNode} (ticks, peer messages, proposals in;
 * Ready out: persisted with one fsync, sent, handed to the {@link ApplyLoop}). A cluster of one is the same code.
 *
 * <p>Every input reaches the Raft thread through one bounded inbox; proposals that find it full are refused, peer
 * messages that find it full are dropped (Raft recovers from loss).
 */
public final class RaftNode implements Proposer, InboundHandler, DeliveryReports, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
    private static final int INBOX_CAPACITY = 32_768;
    private static final int MAX_DRAIN = 4_096;
    private static final int MAX_WAITING_PROPOSALS = 16_384;
    private static final long REQUEST_TIMEOUT_MS = 10_000;
    /** Resolution of Raft's logical clock; the heartbeat and election timeouts are whole multiples of it. */
    private static final long MAX_TICK_MS = 10;

    /**
     * @param heartbeatMs          -peer-heartbeat-interval
     * @param electionTimeoutMs    -peer-election-timeout (the randomised timeout is in [this, 2 x this))
     * @param snapshotEveryEntries applied entries between snapshots
     */
    public record Settings(Member self, long heartbeatMs, long electionTimeoutMs, long snapshotEveryEntries) {
    }

    private record Proposal(byte[] data) {
    }

    private record ReadRequest(long id) {
    }


    private final Settings settings;
    private final long selfId;
    private final Store store;
    private final Clock clock;
    private final RaftStorage storage;
    private final RawNode rawNode;
    private final long tickNanos;
    private final ArrayBlockingQueue<Object> inbox = new ArrayBlockingQueue<>(INBOX_CAPACITY);
    private final PendingRequests<ApplyResult> proposals =
            new PendingRequests<>(MAX_WAITING_PROPOSALS, REQUEST_TIMEOUT_MS, "write");
    private final PendingRequests<Void> reads =
            new PendingRequests<>(MAX_WAITING_PROPOSALS, REQUEST_TIMEOUT_MS, "quorum read");
    private final ApplyLoop applyLoop;
    private final Members members;
    private final RaftStats stats;
    private final LoopHealth health = new LoopHealth();
    private final RejectedInput rejected = new RejectedInput(LOG);
    private final InboundGate inboundGate;
    private final Thread raftThread;
    private PeerTransport transport;
    private volatile PeerDirectory peers;
    /** Joins and removals, one at a time; made when the transport is known ({@link #start}). */
    private volatile Membership membership;

    private volatile boolean running = true;
    /** Completes when a membership change removes this member (etcd 0.4 stopped such a member). */
    private final CompletableFuture<Void> removed = new CompletableFuture<>();
    private volatile String failure;
    private volatile long leaderId;
    private volatile StateType state = StateType.FOLLOWER;
    private volatile long term;
    private volatile long commitIndex;
    /** Raft thread only. */
    private volatile ConfState confState;
    private long expiryProposedAtNanos;
    private long lastSweepNanos = System.nanoTime();
    private final ReadRounds readRounds = new ReadRounds(TimeUnit.MILLISECONDS.toNanos(REQUEST_TIMEOUT_MS));
    private boolean campaignedAlone;
    /** Raft thread: when a peer said this member was removed (0: no such notice), and when the leader spoke last. */
    private long removalNoticeNanos;
    private long lastLeaderContactNanos;
    /** The last committed index handed to the apply loop (Raft refuses to campaign with unapplied conf changes). */
    private long handedOutIndex;

    private RaftNode(Settings settings, Store store, Clock clock, RaftStorage storage) {
        this.settings = settings;
        this.selfId = settings.self().id();
        this.store = store;
        this.clock = clock;
        this.storage = storage;
        long tickMs = Math.max(1, Math.min(MAX_TICK_MS, settings.heartbeatMs()));
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMs);
        int heartbeatTicks = (int) Math.max(1, settings.heartbeatMs() / tickMs);
        int electionTicks = (int) Math.max(heartbeatTicks + 1, settings.electionTimeoutMs() / tickMs);
        long applied = storage.memory().snapshot().index();
        this.confState = storage.memory().snapshot().metadata().confState();
        Config config = Config.defaults(selfId, new SplittableRandom())
                .withTicks(electionTicks, heartbeatTicks)
                .withApplied(applied)
                .withLogger(new Slf4jRaftLogger(LOG))
                // Every proposal is made on the leader (followers redirect clients): a MsgProp from the network is
                // always forged, so none is ever sent and InboundGate drops any that arrives.
                .withProposalForwarding(false)
                .validate();
        this.rawNode = new RawNode(config, storage.memory());
        this.members = new Members(store);
        this.stats = new RaftStats(settings.self().name(), clock.instant());
        this.applyLoop = new ApplyLoop(store, storage, applied, settings.snapshotEveryEntries(), proposals, reads,
                this::membersChanged, health, rejected);
        this.inboundGate = new InboundGate(selfId, this::isKnownMember, rejected);
        health.failure().thenAccept(this::stopAfterFailure);
        this.term = storage.memory().hardState().term();
        this.commitIndex = storage.memory().hardState().commit();
        this.raftThread = new Thread(this::run, "etcdj-raft");
        health.watchRaft(raftThread);
    }

    /** Opens the node on its storage; the store must already hold the storage's snapshot (if any). */
    public static RaftNode create(Settings settings, Store store, Clock clock, RaftStorage storage) {
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

    /** Whether the Raft and apply loops are alive and moving; completes {@link LoopHealth#failure()} on failure. */
    public LoopHealth health() {
        return health;
    }

    /** Peer messages and log entries refused since start, by kind. */
    public java.util.Map<String, Long> rejectedInput() {
        return rejected.counts();
    }

    /** A new cluster whose only member is this one (the seed's first machine). Before {@link #start}. */
    public void bootstrapAlone() {
        rawNode.bootstrapWith(List.of(new ConfChange(ConfChangeType.ADD_NODE, selfId, MemberCodec.encode(settings.self()))));
        confState = ConfState.of(selfId);
        commitIndex = 1; // the bootstrap entry: campaign once it is handed out (Raft refuses before)
    }

    /** Starts the threads; the transport must be listening. */
    public void start(PeerTransport peerTransport) {
        this.transport = peerTransport;
        this.peers = new PeerDirectory(selfId, peerTransport);
        this.membership = new Membership(this, peerTransport);
        membersChanged(List.of());
        applyLoop.start();
        raftThread.start();
    }

    /** Completes once this member has been removed from the cluster. */
    public CompletableFuture<Void> removed() {
        return removed;
    }

    /** Waits until the local store has applied {@code index}; false on timeout. */
    public boolean awaitApplied(long index, long timeoutMs) throws InterruptedException {
        return applyLoop.awaitApplied(index, timeoutMs);
    }

    /** Waits (bounded) until some member is known to lead; false on timeout. */
    public boolean awaitLeader(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (leaderId == 0) {
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
        return state == StateType.LEADER;
    }

    /** True from start until the member stops or fails. */
    public boolean isRunning() {
        return running;
    }

    /**
     * After a restart from the log: if this member was started with other URLs than the log records, asks the
     * cluster (in the background) to replace them, so members and clients find it at its new address.
     */
    public void republishIfMoved() {
        Republish.ifMoved(this, transport);
    }

    /** The leader's id, 0 while none is known. */
    public long leaderId() {
        return leaderId;
    }

    public StateType state() {
        return state;
    }

    // ---- Proposer (HTTP threads) ----

    @Override
    public CompletableFuture<ApplyResult> propose(Command command) {
        if (!running) {
            return CompletableFuture.failedFuture(new ProposalRejectedException(
                    failure != null ? failure : "the node is stopping"));
        }
        PendingRequests.Registered<ApplyResult> r = proposals.register();
        if (r == null) {
            return CompletableFuture.failedFuture(new ProposalRejectedException(
                    "too many writes waiting (" + MAX_WAITING_PROPOSALS + "); try again"));
        }
        if (!inbox.offer(new Proposal(EntryData.encode(r.id(), command)))) {
            proposals.fail(r.id(), "too many requests waiting for the raft thread; try again");
        }
        return r.future();
    }

    @Override
    public CompletableFuture<Void> readBarrier() {
        PendingRequests.Registered<Void> r = reads.register();
        if (r == null) {
            return CompletableFuture.failedFuture(new ProposalRejectedException("too many quorum reads waiting"));
        }
        if (!inbox.offer(new ReadRequest(r.id()))) {
            reads.fail(r.id(), "too many requests waiting for the raft thread; try again");
        }
        return r.future();
    }

    /**
     * Raft thread: one ReadIndex round (a heartbeat to every follower) serves every quorum read that arrived
     * since the last round, instead of one round per read.
     */
    private void readIndex(List<Long> ids) {
        byte[] context = readRounds.start(ids);
        try {
            rawNode.readIndex(context);
        } catch (ProposalDroppedException e) {
            readRounds.abandon(context);
            for (long id : ids) {
                reads.fail(id, "cannot serve a quorum read now: " + e.getMessage());
            }
        }
    }

    @Override
    public long commitIndex() {
        return commitIndex;
    }

    @Override
    public long term() {
        return term;
    }

    // ---- InboundHandler and DeliveryReports (transport threads) ----

    @Override
    public void onMessage(Message message) {
        if (!inboundGate.admit(message)) {
            return;
        }
        if (!inbox.offer((Runnable) () -> step(message))) {
            stats.dropped();
        }
    }

    @Override
    public void onSnapshot(Message msgSnap) {
        if (!inboundGate.admit(msgSnap)) {
            return;
        }
        // A snapshot is large and rare: wait for room rather than lose it.
        try {
            if (!inbox.offer((Runnable) () -> step(msgSnap), 5, TimeUnit.SECONDS)) {
                LOG.warn("dropped a snapshot from {}: the raft thread is not keeping up", msgSnap.from());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public JoinResponse onJoin(JoinRequest request) {
        Membership m = membership;
        return m == null ? JoinResponse.refused("this member is starting; try again") : m.join(request);
    }

    /**
     * From a peer: either a removal forwarded to this leader, or the leader telling this member that it has been
     * removed (once removed, the leader no longer replicates to it, so it could not learn that from the log). The
     * notice is only believed once the leader has also gone silent for two election timeouts: a removed member hears
     * nothing more, while a forged notice sent to a live member is contradicted by the leader's heartbeats.
     */
    @Override
    public Ack onRemove(String name) {
        if (name.equals(settings.self().name()) && !isLeader()) {
            LOG.warn("a peer reports that {} has been removed from the cluster; stopping unless the leader is heard"
                    + " within {} ms", name, 2 * settings.electionTimeoutMs());
            inbox.offer((Runnable) () -> removalNoticeNanos = System.nanoTime());
            return Ack.OK;
        }
        return requestRemoval(name);
    }

    /** An operator's removal (DELETE /v2/admin/machines/name on any member). */
    public Ack requestRemoval(String name) {
        Membership m = membership;
        return m == null ? new Ack(false, "this member is starting; try again") : m.remove(name);
    }

    @Override
    public Ack onTransferLeadership(long transfereeId) {
        if (!confState.voters().contains(transfereeId) || transfereeId == selfId) {
            rejected.reject(InboundGate.KIND, "leadership transfer to " + Long.toHexString(transfereeId)
                    + ", which is not another voter");
            return new Ack(false, "not a voting member: " + Long.toHexString(transfereeId));
        }
        inbox.offer((Runnable) () -> transferLeadership(transfereeId));
        return new Ack(true, "");
    }

    /** Raft thread. A follower passes the request to the leader; with none known it is dropped, like a lost one. */
    private void transferLeadership(long transfereeId) {
        try {
            rawNode.transferLeadership(transfereeId);
        } catch (ProposalDroppedException e) {
            LOG.info("leadership transfer to {} not started: {}", Long.toHexString(transfereeId), e.getMessage());
        }
    }

    @Override
    public void reportUnreachable(long peerId) {
        stats.failed(peerId);
        inbox.offer((Runnable) () -> rawNode.reportUnreachable(peerId));
    }

    @Override
    public void reportSnapshot(long peerId, boolean failed) {
        inbox.offer((Runnable) () -> rawNode.reportSnapshot(peerId, failed));
    }

    /** Membership: asks the Raft thread to propose a change; false when the inbox is full. */
    boolean proposeConfChange(ConfChange cc) {
        return inbox.offer((Runnable) () -> {
            try {
                rawNode.proposeConfChange(cc);
            } catch (ProposalDroppedException e) {
                LOG.warn("membership change {} not proposed: {}", cc, e.getMessage());
            }
        });
    }

    // ---- the Raft thread ----

    /**
     * A peer's message that passed the {@link InboundGate} may still be one Raft cannot take (a commit index past our
     * log, an entry conflicting with a committed one): Raft refuses it before changing anything, and one bad message
     * must not stop the member, so it is counted and dropped like a lost message.
     */
    private void step(Message m) {
        stats.received(m);
        if (m.from() == leaderId && (m.type() == MessageType.MsgApp || m.type() == MessageType.MsgHeartbeat)) {
            lastLeaderContactNanos = System.nanoTime();
        }
        try {
            rawNode.step(m);
        } catch (RuntimeException refused) {
            rejected.reject("peer message refused by raft", m.type(), m.type() + " from "
                    + Long.toHexString(m.from()) + ": " + refused.getMessage());
        }
    }

    /** Transport threads: a member this one knows (a voter, or a peer it was told of), not a stranger. */
    private boolean isKnownMember(long id) {
        PeerDirectory directory = peers;
        return confState.voters().contains(id) || (directory != null && directory.knows(id));
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
        List<Object> drained = new ArrayList<>(MAX_DRAIN);
        List<byte[]> batch = new ArrayList<>(MAX_DRAIN);
        List<Long> readIds = new ArrayList<>();
        while (running) {
            long waitNanos = nextTick - System.nanoTime();
            Object first = waitNanos > 0 ? inbox.poll(waitNanos, TimeUnit.NANOSECONDS) : inbox.poll();
            if (first != null) {
                drained.add(first);
                inbox.drainTo(drained, MAX_DRAIN - 1);
            }
            for (Object o : drained) {
                if (o instanceof Proposal p) {
                    batch.add(p.data());
                } else if (o instanceof ReadRequest read) {
                    readIds.add(read.id());
                } else {
                    ((Runnable) o).run();
                }
            }
            drained.clear();
            if (!batch.isEmpty()) {
                proposeBatch(batch);
                batch.clear();
            }
            if (!readIds.isEmpty()) {
                readIndex(readIds);
                readIds.clear();
            }
            long now = System.nanoTime();
            health.raftBeat(now);
            if (now - nextTick >= 0) {
                rawNode.tick();
                nextTick = now - nextTick > 10 * tickNanos ? now + tickNanos : nextTick + tickNanos;
                maybeExpire();
                maybeCampaignAlone();
                maybeBelieveRemoval(now);
                storage.releaseCompacted();
                if (now - lastSweepNanos > TimeUnit.SECONDS.toNanos(1)) {
                    lastSweepNanos = now;
                    proposals.expireOverdue();
                    reads.expireOverdue();
                    readRounds.dropStale(now);
                }
            }
            while (rawNode.hasReady()) {
                handleReady(rawNode.ready());
            }
        }
    }

    /** After any loop failed: take no more work and answer everyone waiting. */
    private void stopAfterFailure(String reason) {
        failure = reason;
        running = false;
        proposals.failAll(reason);
        reads.failAll(reason);
    }

    private void proposeBatch(List<byte[]> batch) {
        try {
            rawNode.proposeAll(batch);
        } catch (ProposalDroppedException e) {
            String why = leaderId == 0
                    ? "no leader (an election is under way)"
                    : "this member cannot take writes now: " + e.getMessage();
            for (byte[] data : batch) {
                proposals.fail(EntryData.requestId(data), why);
            }
        }
    }

    /** The leader logs an EXPIRE, stamped with its clock, when the earliest TTL has passed: one at a time. */
    private void maybeExpire() {
        if (state != StateType.LEADER) {
            return;
        }
        if (!applyLoop.expiryApplied()) {
            if (System.nanoTime() - expiryProposedAtNanos < TimeUnit.SECONDS.toNanos(2)) {
                return;
            }
            applyLoop.expiryLost(); // the entry was lost with a leader change: log another
        }
        Optional<Instant> next = store.nextExpiration();
        Instant now = clock.instant();
        if (next.isEmpty() || next.get().isAfter(now)) {
            return;
        }
        try {
            rawNode.propose(EntryData.encode(EntryData.NO_REQUEST, Command.expire(Applier.toEpochNanos(now))));
            applyLoop.expiryProposed();
            expiryProposedAtNanos = System.nanoTime();
        } catch (ProposalDroppedException e) {
            LOG.debug("expiry not proposed: {}", e.getMessage());
        }
    }

    /**
     * A removal notice (see {@link #onRemove}) is believed if the leader stays silent from one election timeout after
     * it until two: a heartbeat already on its way when the leader removed us may still arrive just after the notice.
     */
    private void maybeBelieveRemoval(long now) {
        long notice = removalNoticeNanos;
        long electionNanos = TimeUnit.MILLISECONDS.toNanos(settings.electionTimeoutMs());
        if (notice == 0 || now - notice < 2 * electionNanos) {
            return;
        }
        removalNoticeNanos = 0;
        if (state == StateType.LEADER || lastLeaderContactNanos - notice > electionNanos) {
            LOG.info("the leader still sends to {}: the removal notice was not true", settings.self().name());
            return;
        }
        LOG.warn("{} was removed from the cluster (the leader has been silent since it said so)",
                settings.self().name());
        removed.complete(null);
    }

    /** The only voter need not wait an election timeout to lead (a one-member cluster starting or restarting). */
    private void maybeCampaignAlone() {
        if (!campaignedAlone && state != StateType.LEADER && handedOutIndex >= commitIndex
                && confState.voters().equals(List.of(selfId))) {
            campaignedAlone = true;
            rawNode.campaign();
        }
    }

    private void handleReady(Ready rd) throws IOException, InterruptedException {
        boolean wasLeader = state == StateType.LEADER;
        if (rd.hardState() != null) {
            term = rd.hardState().term(); // before the role: whoever sees "leader" sees the leader's term
        }
        if (rd.softState() != null) {
            softStateChanged(rd.softState());
        }
        boolean leader = state == StateType.LEADER;
        List<Message> afterPersist = rd.messages();
        if (leader && !rd.messages().isEmpty()) {
            // Thesis §10.2.1: appends go out while our own disk writes; acknowledgements wait for the fsync.
            List<Message> early = new ArrayList<>(rd.messages().size());
            afterPersist = new ArrayList<>();
            for (Message m : rd.messages()) {
                MessageType t = m.type();
                (t == MessageType.MsgApp || t == MessageType.MsgHeartbeat || t == MessageType.MsgSnap
                        ? early : afterPersist).add(m);
            }
            send(early);
        }
        storage.persist(rd);
        send(afterPersist);
        if (rd.snapshot() != null) {
            confState = rd.snapshot().metadata().confState();
        }
        for (Entry e : rd.committedEntries()) {
            if (e.type() == EntryType.CONF_CHANGE) {
                ConfChange cc = ConfChanges.decode(e, rejected);
                if (cc != null) {
                    applyConfChange(cc);
                }
            }
        }
        if (rd.hardState() != null) {
            commitIndex = rd.hardState().commit();
        }
        if (!rd.committedEntries().isEmpty()) {
            handedOutIndex = rd.committedEntries().get(rd.committedEntries().size() - 1).index();
        } else if (rd.snapshot() != null) {
            handedOutIndex = rd.snapshot().index();
        }
        if (rd.snapshot() != null || !rd.committedEntries().isEmpty()) {
            applyLoop.enqueue(new ApplyLoop.Batch(rd.snapshot(), rd.committedEntries(), confState, term));
        }
        for (ReadState rs : rd.readStates()) {
            List<Long> answered = readRounds.answered(rs.context());
            if (!answered.isEmpty()) {
                applyLoop.enqueue(new ApplyLoop.ReadReady(rs.index(), answered));
            }
        }
        if (wasLeader && state != StateType.LEADER) {
            // After the answers above: Raft dropped the reads it held or had not confirmed with the leader role.
            for (long id : readRounds.abandonAll()) {
                reads.fail(id, "leadership changed before the quorum read was confirmed; try again");
            }
        }
        rawNode.advance(rd);
    }

    private void send(List<Message> messages) {
        if (!messages.isEmpty()) {
            stats.sent(messages);
            transport.send(messages);
        }
    }

    private void softStateChanged(SoftState ss) {
        boolean wasLeader = state == StateType.LEADER;
        long previousLeader = leaderId;
        state = ss.state();
        leaderId = ss.lead();
        stats.leaderChanged(ss.lead(), clock.instant());
        if (ss.lead() != previousLeader) {
            LOG.info("{} is now {}; leader: {}", settings.self().name(), state.name().toLowerCase(),
                    ss.lead() == 0 ? "none" : members.nameOf(ss.lead()).orElse(Long.toHexString(ss.lead())));
        }
        if (wasLeader && state != StateType.LEADER) {
            // Our uncommitted entries may be overwritten by the next leader; tell their clients now.
            proposals.failAll("leadership changed while the write was in flight; it may or may not be applied");
        }
    }

    private void applyConfChange(ConfChange cc) {
        confState = rawNode.applyConfChange(cc);
        if (cc.nodeId() == selfId) {
            if (cc.type() == ConfChangeType.REMOVE_NODE) {
                LOG.warn("{} was removed from the cluster", settings.self().name());
                // Not on this thread: whoever stops the node joins the Raft thread.
                new Thread(() -> removed.complete(null), "etcdj-removed").start();
            }
            return;
        }
        if (cc.type() == ConfChangeType.ADD_NODE) {
            try {
                peers.added(cc.nodeId(), MemberCodec.decode(cc.context()).peerUrl());
            } catch (IllegalArgumentException noRecord) {
                LOG.warn("member {} added without a record of its URLs", Long.toHexString(cc.nodeId()));
            }
        } else {
            peers.removed(cc.nodeId());
        }
    }

    /** Tells the transport where a member listens, unless it already knows that very URL. */
    public void addPeer(long id, String peerUrl) {
        peers.add(id, peerUrl);
    }

    /** Apply thread: the store's /_etcd/machines changed; the transport learns every member's peer URL from it. */
    private void membersChanged(List<Member> changed) {
        for (Member m : members.all()) {
            addPeer(m.id(), m.peerUrl());
        }
    }

    /** Leader only: hands leadership to the most up-to-date follower, so a clean stop costs no election timeout. */
    private void transferLeadershipForShutdown() throws InterruptedException {
        if (state != StateType.LEADER || confState.voters().size() < 2) {
            return;
        }
        // The Raft core sends the log to the transferee first if it lags, then tells it to campaign.
        long transferee = confState.voters().stream().filter(id -> id != selfId).findFirst().orElseThrow();
        LOG.info("{} is stopping: handing leadership to {}", settings.self().name(),
                members.nameOf(transferee).orElse(Long.toHexString(transferee)));
        inbox.offer((Runnable) () -> transferLeadership(transferee));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * settings.electionTimeoutMs());
        while (state == StateType.LEADER && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (running && raftThread.isAlive()) {
                transferLeadershipForShutdown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        try {
            raftThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        applyLoop.close();
        proposals.failAll("the node is stopping");
        reads.failAll("the node is stopping");
        storage.close();
    }
}
