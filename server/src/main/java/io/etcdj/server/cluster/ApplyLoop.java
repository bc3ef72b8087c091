package io.etcdj.server.cluster;

import io.etcdj.peer.Member;
import io.etcdj.raft.ConfChange;
import io.etcdj.raft.ConfChangeType;
import io.etcdj.raft.ConfState;
import io.etcdj.raft.Entry;
import io.etcdj.raft.EntryType;
import io.etcdj.raft.Snapshot;
import io.etcdj.server.command.Applier;
import io.etcdj.server.command.ApplyResult;
import io.etcdj.server.command.Command;
import io.etcdj.store.ErrorCode;
import io.etcdj.store.Event;
import io.etcdj.store.Store;
import io.etcdj.store.StoreException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply thread: takes committed entries (and received snapshots) from the Raft thread in log order, applies
 * them to the store, answers the clients waiting on them, and takes snapshots. The only writer of the store.
 */
final class ApplyLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyLoop.class);
    private static final int MAX_WAITING_BATCHES = 256;
    private static final long POLL_MS = 100;

    /** Work for this thread, in log order. */
    sealed interface Item permits Batch, ReadReady {}

    /** Committed entries (after a snapshot, if any); confState is the membership after them. */
    record Batch(Snapshot snapshot, List<Entry> entries, ConfState confState, long term) implements Item {}

    /** A linearizable read may be served once everything up to index is applied here. */
    record ReadReady(long index, List<Long> requestIds) implements Item {}

    private final Store store;
    private final Applier applier;
    private final RaftStorage storage;
    private final StoreSnapshots snapshots;
    private final PendingRequests<ApplyResult> proposals;
    private final QuorumReads reads;
    private final Expiry expiry;
    /** Told of every membership change applied and of every snapshot installed, to update the transport. */
    private final Consumer<List<Member>> membersChanged;

    private final LoopHealth health;
    private final RejectedInput rejected;
    private final WriteStages writeStages;
    /**
     * Told the value of each applied write of the cluster config ({@link ClusterConfig#KEY}), or null after a
     * snapshot replaced the store (read it again): the config is cached, never read from the store per use, since
     * every store read counts in /v2/stats/store.
     */
    private final Consumer<String> clusterConfigApplied;

    /**
     * The answers to a batch of at most this many entries, with nothing queued behind it, are written by the apply
     * thread itself: at one connection that saves a thread wake-up per write. Larger batches mean load, where the
     * pool writes answers in parallel and the apply thread only applies.
     */
    static final int INLINE_ANSWERS_MAX = 2;

    private final ArrayBlockingQueue<Item> queue = new ArrayBlockingQueue<>(MAX_WAITING_BATCHES);
    private final Thread thread;
    private final Object appliedMonitor = new Object();

    private volatile boolean running = true;
    private volatile long appliedIndex;
    /** Apply thread only. Reads in index order (read indexes never decrease), each bounded by its timeout. */
    private final ArrayDeque<ReadReady> waitingReads = new ArrayDeque<>();

    /** Apply thread only: the batch being applied is small enough to answer here ({@link #INLINE_ANSWERS_MAX}). */
    private boolean answeringInline;

    ApplyLoop(
            Store store,
            RaftStorage storage,
            long appliedIndex,
            long snapshotEveryEntries,
            PendingRequests<ApplyResult> proposals,
            QuorumReads reads,
            Expiry expiry,
            Consumer<List<Member>> membersChanged,
            Consumer<String> clusterConfigApplied,
            LoopHealth health,
            RejectedInput rejected,
            WriteStages writeStages) {
        this.store = store;
        this.applier = new Applier(store);
        this.storage = storage;
        this.appliedIndex = appliedIndex;
        this.snapshots = new StoreSnapshots(store, storage, appliedIndex, snapshotEveryEntries, health);
        this.proposals = proposals;
        this.reads = reads;
        this.expiry = expiry;
        this.membersChanged = membersChanged;
        this.clusterConfigApplied = clusterConfigApplied;
        this.health = health;
        this.rejected = rejected;
        this.writeStages = writeStages;
        this.thread = new Thread(this::run, "etcdj-apply");
        health.watchApply(thread);
    }

    void start() {
        thread.start();
    }

    /** Raft thread: blocks while the apply thread is {@value #MAX_WAITING_BATCHES} batches behind (back-pressure). */
    void enqueue(Item item) throws InterruptedException {
        queue.put(item);
    }

    long appliedIndex() {
        return appliedIndex;
    }

    /**
     * Runs an answer on the apply thread while it applies a small batch with nothing waiting behind it, else on
     * {@code pool}. Answers completed on any other thread (failures on the Raft thread) always go to the pool.
     */
    Executor answersOn(Executor pool) {
        return task -> {
            if (Thread.currentThread() == thread && answeringInline) {
                task.run();
            } else {
                pool.execute(task);
            }
        };
    }

    /** Waits until {@code index} is applied; false on timeout. */
    boolean awaitApplied(long index, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (appliedMonitor) {
            while (appliedIndex < index) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                appliedMonitor.wait(Math.min(left, POLL_MS));
            }
        }
        return true;
    }

    private void run() {
        try {
            loop();
        } catch (Throwable e) {
            // Applying is deterministic: whatever failed here would fail again at the same entry. Stop loudly rather
            // than serve a store that silently stopped moving.
            running = false;
            health.failed("the apply loop", e);
        }
    }

    private void loop() throws InterruptedException {
        while (running || !queue.isEmpty()) {
            health.applyBeat();
            Item item = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
            if (item instanceof Batch batch) {
                applyBatch(batch);
            } else if (item instanceof ReadReady read) {
                if (read.index() <= appliedIndex) {
                    completeReads(read);
                } else {
                    // Raft may hand out the committed entries up to the read index in a later Ready.
                    waitingReads.add(read);
                }
            }
            long unreadable = storage.takeUnreadableSnapshot();
            if (unreadable != 0) {
                snapshots.replaceUnreadable(unreadable, appliedIndex);
            }
        }
    }

    private void applyBatch(Batch batch) {
        if (batch.snapshot() != null) {
            installSnapshot(batch.snapshot());
        }
        answeringInline = batch.entries().size() <= INLINE_ANSWERS_MAX && queue.isEmpty();
        for (Entry e : batch.entries()) {
            if (e.index() <= appliedIndex) {
                continue; // covered by the snapshot just installed
            }
            if (e.type() == EntryType.CONF_CHANGE) {
                applyConfChange(e);
            } else if (e.data().length > 0) {
                applyCommand(e, batch.term());
            }
            appliedIndex = e.index();
        }
        answeringInline = false;
        synchronized (appliedMonitor) {
            appliedMonitor.notifyAll();
        }
        ReadReady read;
        while ((read = waitingReads.peek()) != null && read.index() <= appliedIndex) {
            waitingReads.poll();
            completeReads(read);
        }
        snapshots.applied(appliedIndex, batch.confState());
    }

    /** The reads of a round are answered like writes: here when few, else by the pool ({@link #answersOn}). */
    private void completeReads(ReadReady read) {
        answeringInline = read.requestIds().size() <= INLINE_ANSWERS_MAX && queue.isEmpty();
        reads.ready(read.requestIds());
        answeringInline = false;
    }

    private void applyCommand(Entry e, long term) {
        long requestId = EntryData.requestIdOrNone(e.data());
        Command command;
        try {
            command = EntryData.command(e.data());
        } catch (IllegalArgumentException damaged) {
            // The same bytes are in every member's log: each one skips this entry alike, at the same index.
            rejected.reject(
                    ConfChanges.KIND,
                    "entry " + e.index() + " (" + e.data().length
                            + " bytes) does not decode and is applied as a no-op: " + damaged.getMessage());
            if (requestId != EntryData.NO_REQUEST) {
                proposals.complete(
                        requestId,
                        new ApplyResult(
                                null,
                                new StoreException(
                                        ErrorCode.RAFT_INTERNAL, "the logged command does not decode", store.index()),
                                e.index(),
                                term));
            }
            return;
        }
        ApplyResult result;
        try {
            Event event = applier.apply(command);
            result = new ApplyResult(event, null, e.index(), term);
            if (command.op() == Command.Op.SET && ClusterConfig.KEY.equals(command.key())) {
                clusterConfigApplied.accept(command.value());
            }
        } catch (StoreException refused) {
            result = new ApplyResult(null, refused, e.index(), term);
        } catch (RuntimeException bug) {
            LOG.error("applying entry {} ({}) failed", e.index(), command.op(), bug);
            result = new ApplyResult(
                    null,
                    new StoreException(ErrorCode.RAFT_INTERNAL, "applying the command failed", store.index()),
                    e.index(),
                    term);
        }
        if (command.op() == Command.Op.EXPIRE) {
            expiry.applied();
        }
        if (requestId != EntryData.NO_REQUEST) {
            writeStages.applied(e.index(), requestId);
            proposals.complete(requestId, result);
        }
    }

    /** Every member records a membership change in /_etcd/machines at the same index, as etcd 0.4 did. */
    private void applyConfChange(Entry e) {
        ConfChange cc = ConfChanges.decodeQuietly(e);
        if (cc == null) {
            return; // counted and logged by the Raft thread, which decodes the same entry
        }
        Member member;
        try {
            member = MemberCodec.decode(cc.context());
        } catch (IllegalArgumentException noRecord) {
            LOG.warn("membership change at index {} carries no member record; /_etcd/machines not updated", e.index());
            return;
        }
        try {
            MachinesDir.applyChange(applier, store, cc.type(), member);
            if (cc.type() == ConfChangeType.ADD_NODE) {
                LOG.info("member {} ({}) added at index {}", member.name(), member.peerUrl(), e.index());
            } else {
                LOG.info("member {} removed at index {}", member.name(), e.index());
            }
        } catch (StoreException alreadyThatWay) {
            LOG.info(
                    "membership record {} at index {}: {}",
                    MachinesDir.key(member.name()),
                    e.index(),
                    alreadyThatWay.getMessage());
        }
        membersChanged.accept(List.of(member));
    }

    private void installSnapshot(Snapshot snap) {
        long startNanos = System.nanoTime();
        try {
            store.recover(SnapshotImage.decode(snap.data()).storeData());
        } catch (IOException | IllegalArgumentException e) {
            // The snapshot passed its checksums, so this is a bug or a version mismatch: never apply past it.
            throw new IllegalStateException(
                    "the snapshot from the leader at index " + snap.index() + " cannot be loaded into the store", e);
        }
        appliedIndex = snap.index();
        snapshots.installed(snap.index());
        LOG.info(
                "installed a snapshot from the leader at index {} (term {}): {} bytes loaded into the store in {} ms",
                snap.index(),
                snap.term(),
                snap.data().length,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        membersChanged.accept(List.of());
        clusterConfigApplied.accept(null);
    }

    void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        snapshots.close();
    }
}
