package io.etcdj.server.node;

import io.etcdj.server.command.Applier;
import io.etcdj.server.command.Command;
import io.etcdj.server.command.CommandCodec;
import io.etcdj.server.wal.HardState;
import io.etcdj.server.wal.LogEntry;
import io.etcdj.server.wal.Snapshot;
import io.etcdj.server.wal.SnapshotFiles;
import io.etcdj.server.wal.Wal;
import io.etcdj.store.Event;
import io.etcdj.store.Store;
import io.etcdj.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The log of a one-member Raft group: this node is the leader of its own term, and an entry is committed as soon as
 * it is durable on this disk. Entries, hard state and snapshots are the same files a replicated group writes, so
 * clustering adds replication without changing storage.
 *
 * <p>Two threads, pipelined: the persist thread takes every waiting proposal as one batch, writes it with one WAL
 * write and one fsync (group commit), then hands it to the apply thread, which applies it to the store, completes the
 * waiting futures and takes snapshots; meanwhile the persist thread is already syncing the next batch.
 *
 * <p>TTL expiry is itself a logged command: when the store's earliest expiration has passed by this node's clock,
 * the persist thread logs an EXPIRE with that cutoff, so a replay removes the same keys at the same index.
 */
public final class SingleNodeLog implements Proposer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleNodeLog.class);
    private static final int MAX_WAITING_PROPOSALS = 16_384;
    private static final int MAX_BATCH_ENTRIES = 4_096;
    private static final int MAX_WAITING_BATCHES = 64;
    private static final long MAX_IDLE_WAIT_MS = 100;
    private static final int ENTRY_TYPE_COMMAND = 0;
    /** This node's id in its own hard state (the vote it gave itself). */
    private static final long SELF_ID = 1;

    private record Proposal(Command command, CompletableFuture<ApplyResult> future) {
    }

    private record Barrier(long index, CompletableFuture<Void> future) {
    }

    /** Entries made durable together; owners.get(i) is null for entries no client waits on (expiry). */
    private record Batch(List<Command> commands, List<Proposal> owners, long firstIndex) {
    }

    private final Store store;
    private final Applier applier;
    private final Wal wal;
    private final SnapshotFiles snapshots;
    private final Clock clock;
    private final long snapshotEveryEntries;
    private final long term;
    private final boolean fresh;
    private final ArrayBlockingQueue<Proposal> proposals = new ArrayBlockingQueue<>(MAX_WAITING_PROPOSALS);
    private final ArrayBlockingQueue<Batch> durableBatches = new ArrayBlockingQueue<>(MAX_WAITING_BATCHES);
    /** Quorum reads waiting for the apply thread to reach their index; FIFO because indices only grow. */
    private final ArrayBlockingQueue<Barrier> readBarriers = new ArrayBlockingQueue<>(MAX_WAITING_PROPOSALS);
    private final Thread persistThread;
    private final Thread applyThread;

    private volatile boolean running = true;
    private volatile String failure;
    private volatile long commitIndex;
    private volatile long appliedIndex;
    private volatile long releaseRequestIndex;
    /** Persist thread only. */
    private long lastIndex;
    private long expireLoggedIndex;
    /** Apply thread only. */
    private long snapshotIndex;
    private CompletableFuture<Void> snapshotWrite;
    private final ExecutorService snapshotWriter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "etcdj-snapshot");
        t.setDaemon(true);
        return t;
    });

    private SingleNodeLog(Store store, Wal wal, SnapshotFiles snapshots, Clock clock, long snapshotEveryEntries,
                          long term, long lastIndex, long snapshotIndex, boolean fresh) {
        this.store = store;
        this.applier = new Applier(store);
        this.wal = wal;
        this.snapshots = snapshots;
        this.clock = clock;
        this.snapshotEveryEntries = snapshotEveryEntries;
        this.term = term;
        this.lastIndex = lastIndex;
        this.commitIndex = lastIndex;
        this.appliedIndex = lastIndex;
        this.snapshotIndex = snapshotIndex;
        this.fresh = fresh;
        this.persistThread = new Thread(this::persistLoop, "etcdj-persist");
        this.applyThread = new Thread(this::applyLoop, "etcdj-apply");
    }

    /**
     * Loads the newest valid snapshot into the store, replays the log after it, and starts a new term.
     *
     * @throws IOException (a {@code WalCorruptionException} naming file and offset) when the log cannot be trusted
     */
    public static SingleNodeLog open(Path dataDir, Store store, Clock clock, long snapshotEveryEntries)
            throws IOException {
        SnapshotFiles snapshots = new SnapshotFiles(dataDir.resolve("snap"));
        Optional<Snapshot> snapshot = snapshots.loadNewest();
        long snapshotIndex = 0;
        long snapshotTerm = 0;
        if (snapshot.isPresent()) {
            store.recover(snapshot.get().data());
            snapshotIndex = snapshot.get().index();
            snapshotTerm = snapshot.get().term();
            LOG.info("loaded snapshot at index {} (term {})", snapshotIndex, snapshotTerm);
        }
        Wal wal = Wal.open(dataDir.resolve("wal"), snapshotIndex);
        Applier applier = new Applier(store);
        long lastIndex = snapshotIndex;
        for (LogEntry entry : wal.recoveredEntries()) {
            if (entry.type() == ENTRY_TYPE_COMMAND) {
                applyQuietly(applier, CommandCodec.decode(entry.data()));
            }
            lastIndex = entry.index();
        }
        if (lastIndex > snapshotIndex) {
            LOG.info("replayed log entries {}..{}", snapshotIndex + 1, lastIndex);
        }
        HardState recovered = wal.recoveredHardState();
        // A restart is a new election that this sole member wins: the term moves on, as it would in a group.
        long term = Math.max(recovered.term(), snapshotTerm) + 1;
        wal.append(List.of(), new HardState(term, SELF_ID, lastIndex));
        wal.sync();
        boolean fresh = lastIndex == 0;
        SingleNodeLog log = new SingleNodeLog(store, wal, snapshots, clock, snapshotEveryEntries, term, lastIndex,
                snapshotIndex, fresh);
        log.persistThread.start();
        log.applyThread.start();
        return log;
    }

    /** True when this data dir had no log and no snapshot: a new cluster. */
    public boolean isFresh() {
        return fresh;
    }

    @Override
    public CompletableFuture<ApplyResult> propose(Command command) {
        CompletableFuture<ApplyResult> future = new CompletableFuture<>();
        if (!running) {
            future.completeExceptionally(new ProposalRejectedException(failure != null ? failure : "the node is stopping"));
        } else if (!proposals.offer(new Proposal(command, future))) {
            future.completeExceptionally(new ProposalRejectedException(
                    "too many writes waiting (" + MAX_WAITING_PROPOSALS + "); try again"));
        } else if (!running) {
            failWaiting();
        }
        return future;
    }

    @Override
    public CompletableFuture<Void> readBarrier() {
        long index = commitIndex;
        if (appliedIndex >= index) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (!readBarriers.offer(new Barrier(index, future))) {
            future.completeExceptionally(new ProposalRejectedException("too many quorum reads waiting; try again"));
        } else if (appliedIndex >= index) {
            releaseReadBarriers();
        }
        return future;
    }

    private synchronized void releaseReadBarriers() {
        long applied = appliedIndex;
        Barrier head;
        while ((head = readBarriers.peek()) != null && head.index() <= applied) {
            readBarriers.poll();
            head.future().complete(null);
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

    public long appliedIndex() {
        return appliedIndex;
    }

    private void persistLoop() {
        List<Proposal> batch = new ArrayList<>(MAX_BATCH_ENTRIES);
        while (running) {
            try {
                Proposal first = proposals.poll(idleWaitMs(), TimeUnit.MILLISECONDS);
                batch.clear();
                if (first != null) {
                    batch.add(first);
                    proposals.drainTo(batch, MAX_BATCH_ENTRIES - 1);
                }
                Command expire = maybeExpire();
                if (!batch.isEmpty() || expire != null) {
                    persist(batch, expire);
                }
                releaseCompactedSegments();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                // We can no longer tell what is durable: stop taking writes rather than acknowledge a lost one.
                LOG.error("the write-ahead log failed; this node stops accepting writes", e);
                failure = "the write-ahead log failed: " + e.getMessage();
                for (Proposal p : batch) {
                    p.future().completeExceptionally(new ProposalRejectedException(failure));
                }
                running = false;
                failWaiting();
                return;
            }
        }
    }

    private void persist(List<Proposal> batch, Command expire) throws IOException, InterruptedException {
        int size = batch.size() + (expire == null ? 0 : 1);
        List<LogEntry> entries = new ArrayList<>(size);
        List<Command> commands = new ArrayList<>(size);
        List<Proposal> owners = new ArrayList<>(size);
        long firstIndex = lastIndex + 1;
        for (Proposal p : batch) {
            entries.add(new LogEntry(term, ++lastIndex, ENTRY_TYPE_COMMAND, CommandCodec.encode(p.command())));
            commands.add(p.command());
            owners.add(p);
        }
        if (expire != null) {
            entries.add(new LogEntry(term, ++lastIndex, ENTRY_TYPE_COMMAND, CommandCodec.encode(expire)));
            commands.add(expire);
            owners.add(null);
            expireLoggedIndex = lastIndex;
        }
        wal.append(entries, new HardState(term, SELF_ID, lastIndex));
        wal.sync();
        commitIndex = lastIndex;
        if (LOG.isDebugEnabled()) {
            LOG.debug("persisted entries {}..{} with one fsync", firstIndex, lastIndex);
        }
        durableBatches.put(new Batch(commands, owners, firstIndex));
    }

    /** An EXPIRE command when the earliest expiration has passed and no earlier EXPIRE is still being applied. */
    private Command maybeExpire() {
        if (expireLoggedIndex > appliedIndex) {
            return null;
        }
        Optional<Instant> next = store.nextExpiration();
        if (next.isEmpty()) {
            return null;
        }
        Instant now = clock.instant();
        if (next.get().isAfter(now)) {
            return null;
        }
        return Command.expire(Applier.toEpochNanos(now));
    }

    private long idleWaitMs() {
        Optional<Instant> next = store.nextExpiration();
        if (next.isEmpty()) {
            return MAX_IDLE_WAIT_MS;
        }
        long untilMs = next.get().toEpochMilli() - clock.millis();
        return Math.max(1, Math.min(MAX_IDLE_WAIT_MS, untilMs + 1));
    }

    private void releaseCompactedSegments() throws IOException {
        long release = releaseRequestIndex;
        if (release > 0) {
            releaseRequestIndex = 0;
            wal.releaseBefore(release + 1);
        }
    }

    private void applyLoop() {
        while (running || !durableBatches.isEmpty()) {
            Batch batch;
            try {
                batch = durableBatches.poll(MAX_IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == null) {
                continue;
            }
            long index = batch.firstIndex();
            for (int i = 0; i < batch.commands().size(); i++, index++) {
                ApplyResult result = applyOne(batch.commands().get(i), index);
                appliedIndex = index;
                Proposal owner = batch.owners().get(i);
                if (owner != null) {
                    owner.future().complete(result);
                }
            }
            releaseReadBarriers();
            maybeSnapshot();
        }
    }

    private ApplyResult applyOne(Command command, long index) {
        try {
            Event event = applier.apply(command);
            return new ApplyResult(event, null, index, term);
        } catch (StoreException refused) {
            return new ApplyResult(null, refused, index, term);
        } catch (RuntimeException bug) {
            LOG.error("applying entry {} ({}) failed", index, command.op(), bug);
            return new ApplyResult(null, new StoreException(io.etcdj.store.ErrorCode.RAFT_INTERNAL,
                    "applying the command failed", store.index()), index, term);
        }
    }

    private static void applyQuietly(Applier applier, Command command) {
        try {
            applier.apply(command);
        } catch (StoreException refusedAtTheTimeToo) {
            // The same refusal the client saw when the entry was first applied.
        }
    }

    /**
     * Every {@code snapshotEveryEntries} applied entries: the store is serialised here (consistent at the applied
     * index, since only this thread mutates it) and written to disk by the snapshot thread, so the fsyncs and the
     * rename of a snapshot file never stall applies. At most one snapshot is being written at a time.
     */
    private void maybeSnapshot() {
        long applied = appliedIndex;
        if (applied - snapshotIndex < snapshotEveryEntries || (snapshotWrite != null && !snapshotWrite.isDone())) {
            return;
        }
        byte[] data = store.save();
        snapshotIndex = applied;
        snapshotWrite = CompletableFuture.runAsync(() -> {
            try {
                snapshots.save(new Snapshot(applied, term, data));
                releaseRequestIndex = applied;
                LOG.info("saved snapshot at index {}", applied);
            } catch (IOException | RuntimeException e) {
                // The log still holds everything; a failed snapshot only delays compaction.
                LOG.warn("saving a snapshot at index {} failed; will retry after more entries", applied, e);
            }
        }, snapshotWriter);
    }

    private void failWaiting() {
        Proposal p;
        String why = failure != null ? failure : "the node is stopping";
        while ((p = proposals.poll()) != null) {
            p.future().completeExceptionally(new ProposalRejectedException(why));
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            persistThread.join(10_000);
            applyThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failWaiting();
        snapshotWriter.shutdown();
        try {
            snapshotWriter.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        wal.close();
    }
}
