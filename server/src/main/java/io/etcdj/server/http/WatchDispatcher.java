package io.etcdj.server.http;

import io.etcdj.store.Event;
import io.etcdj.store.NodeView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes watch events off the apply thread and delivers them to the watchers' responses on another thread.
 *
 * <p>The apply thread (the store calls watch listeners there, in index order) only appends the event and the
 * watcher to a bounded queue, grouping consecutive deliveries of one event into one entry, and starts a drain on
 * the executor if none runs; no JSON, no socket. The drain, one at a time, encodes each event once (however many
 * watchers it goes to: the same bytes are shared read-only by all their responses), offers it to each watcher (an
 * event with many watchers in slices, with a few helper threads: see {@link WatchFanout}) and, once every watcher has been
 * offered it, goes on to the next event and then enforces the node's total bound. When the queue is full (the drain
 * fell behind by {@link WatchLimits#maxPendingEvents()} events or their estimated bytes) the watchers of a further
 * event are cut off rather than skipped or the apply thread held up.
 */
final class WatchDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(WatchDispatcher.class);
    /** What an event is assumed to cost besides its keys and values, for the pending-bytes estimate. */
    private static final long EVENT_OVERHEAD_BYTES = 256;
    /**
     * Threads (the drain and its helpers) that offer one event to its watchers in parallel: the processors, at
     * least 2 and at most 4 (helpers are tasks on the shared request executor; more would crowd out requests).
     */
    static int defaultLanes() {
        return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    private final Executor executor;
    private final WatchLimits limits;
    private final WatchBudget budget;
    private final WatchStats stats;
    private final Function<Event, byte[]> encoder;
    private final int lanes;

    /** Guarded by this. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Watchers an event could not be queued for; each at most once, so bounded by the number of watchers. */
    private final LinkedHashSet<WatchStream> overflowed = new LinkedHashSet<>();

    private long pendingBytes;
    private boolean draining;

    /** The last event encoded (drain thread only): the next offers of one event usually follow each other. */
    private EncodedEvent lastEncoded;

    /** An event and the watchers it goes to, in the order the store told them. */
    private static final class Pending {
        final Event event;
        final long estimatedBytes;
        final List<WatchStream> streams = new ArrayList<>(1);

        Pending(Event event, long estimatedBytes) {
            this.event = event;
            this.estimatedBytes = estimatedBytes;
        }
    }

    WatchDispatcher(Executor executor, WatchLimits limits, Function<Event, byte[]> encoder) {
        this(executor, limits, encoder, defaultLanes());
    }

    /** @param lanes threads that may offer one event to its watchers at once (1: the drain alone) */
    WatchDispatcher(Executor executor, WatchLimits limits, Function<Event, byte[]> encoder, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be positive: " + lanes);
        }
        this.lanes = lanes;
        this.executor = executor;
        this.limits = limits;
        this.budget = new WatchBudget(limits);
        this.stats = new WatchStats(budget, limits);
        this.encoder = encoder;
    }

    /** A watch response to deliver to, bounded by this dispatcher's budget. */
    WatchStream open(String key, boolean continuous, boolean head, WatchOutput out) {
        return new WatchStream(key, continuous, head, out, budget, stats, limits.cutOffGraceMs());
    }

    WatchBudget budget() {
        return budget;
    }

    WatchStats stats() {
        return stats;
    }

    /** Called by the store on the thread that applied the event: cheap, never blocks on a client. */
    void handOff(Event event, WatchStream stream) {
        if (!stream.acceptsEvents()) {
            return;
        }
        boolean start;
        synchronized (this) {
            Pending tail = pending.peekLast();
            if (tail != null && tail.event == event) {
                tail.streams.add(stream);
            } else {
                long estimate = estimatedBytes(event);
                boolean full = pending.size() >= limits.maxPendingEvents()
                        || (!pending.isEmpty() && pendingBytes + estimate > limits.maxPendingBytes());
                if (full) {
                    overflowed.add(stream);
                } else {
                    Pending p = new Pending(event, estimate);
                    p.streams.add(stream);
                    pending.add(p);
                    pendingBytes += estimate;
                }
            }
            start = !draining;
            draining = true;
        }
        if (start) {
            startDrain();
        }
    }

    private void startDrain() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException stopping) {
            // The server is stopping: its connections close and the watchers with them.
            synchronized (this) {
                draining = false;
            }
            LOG.debug("watch delivery not started: {}", stopping.toString());
        }
    }

    private void drain() {
        boolean normalExit = false;
        try {
            while (true) {
                Pending next;
                List<WatchStream> cut;
                synchronized (this) {
                    cut = overflowed.isEmpty() ? List.of() : new ArrayList<>(overflowed);
                    overflowed.clear();
                    next = pending.poll();
                    if (next == null && cut.isEmpty()) {
                        draining = false;
                        normalExit = true;
                        return;
                    }
                    if (next != null) {
                        pendingBytes -= next.estimatedBytes;
                    }
                }
                for (WatchStream s : cut) {
                    try {
                        s.cutOff(WatchStats.CutOff.HANDOFF_FULL);
                    } catch (RuntimeException bug) {
                        LOG.error("cutting off a watch of {} failed", s.key, bug);
                    }
                }
                if (next != null) {
                    deliver(next);
                }
                enforceTotal();
            }
        } finally {
            if (!normalExit) {
                // An Error escaped; let the next hand-off start a new drain rather than wedge delivery for good.
                synchronized (this) {
                    draining = false;
                }
            }
        }
    }

    private void deliver(Pending p) {
        EncodedEvent body = null;
        if (anyWantsBody(p.streams)) {
            try {
                body = encoded(p.event);
            } catch (RuntimeException bug) {
                LOG.error(
                        "cannot encode event {} of {} for its watchers; they are cut off",
                        p.event.index(),
                        p.event.node().key(),
                        bug);
                for (WatchStream w : p.streams) {
                    if (w.wantsBody()) {
                        w.cutOff(WatchStats.CutOff.ENCODING_FAILED);
                    }
                }
                body = null;
            }
        }
        WatchFanout.offerAll(executor, lanes, p.streams, body, p.event);
    }

    private static boolean anyWantsBody(List<WatchStream> streams) {
        for (WatchStream s : streams) {
            if (s.wantsBody()) {
                return true;
            }
        }
        return false;
    }

    /** The event's JSON: from the cache when it is the last one encoded or a watcher still holds it. */
    private EncodedEvent encoded(Event event) {
        EncodedEvent last = lastEncoded;
        if (last != null && last.isFor(event)) {
            return last;
        }
        EncodedEvent e = budget.lookup(event);
        if (e == null) {
            e = new EncodedEvent(event, encoder.apply(event));
            stats.encoded();
        }
        budget.pin(e);
        if (last != null) {
            budget.unpin(last);
        }
        lastEncoded = e;
        return e;
    }

    /**
     * Over the total: watchers already cut off lose their grace period first (their connections are closed, which
     * frees their last write), then live watchers are cut off, most bytes first, until the live total fits.
     */
    private void enforceTotal() {
        try {
            for (WatchStream s : budget.cutOffStillHolding()) {
                s.closeNow();
            }
            for (WatchStream s : budget.victims()) {
                if (!budget.overTotal()) {
                    break;
                }
                s.cutOff(WatchStats.CutOff.TOTAL_BOUND);
            }
        } catch (RuntimeException bug) {
            LOG.error("enforcing the watchers' total bound failed; tried again after the next event", bug);
        }
    }

    /** Roughly what an event awaiting encoding keeps alive: its keys and values. */
    static long estimatedBytes(Event e) {
        return EVENT_OVERHEAD_BYTES + estimatedBytes(e.node()) + estimatedBytes(e.prevNode());
    }

    private static long estimatedBytes(NodeView n) {
        if (n == null) {
            return 0;
        }
        long bytes = n.key().length() + (n.value() == null ? 0 : n.value().length());
        if (n.nodes() != null) {
            for (NodeView child : n.nodes()) {
                bytes += estimatedBytes(child);
            }
        }
        return bytes;
    }
}
