package io.etcdj.server.http;

import io.etcdj.store.Event;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event's offers to its watchers, for the {@link WatchDispatcher}'s drain. Few watchers are offered it by the drain
 * thread alone; many are split in slices of {@link #SLICE_WATCHERS} taken by the drain thread and by up to
 * {@code lanes - 1} helper tasks on the executor: writing to a watcher's socket and completing its response is most
 * of a wake's cost, and one thread doing a thousand of them in a row is the bottleneck. Each watcher is in one slice,
 * and {@link #offerAll} returns only when every slice is done, so every watcher still gets its events one at a time
 * in index order. The drain takes slices too: a helper the executor runs late (or never) finds none left, so delivery
 * never waits on a free thread.
 */
final class WatchFanout {
    private static final Logger LOG = LoggerFactory.getLogger(WatchFanout.class);
    /** Watchers of one event offered by one thread in a row before another thread may take the next ones. */
    static final int SLICE_WATCHERS = 64;

    private final Executor executor;
    private final List<WatchStream> streams;
    private final EncodedEvent body;
    private final Event event;
    private final int slices;
    private final AtomicInteger nextSlice = new AtomicInteger();
    /** Guarded by this. */
    private int slicesDone;

    private WatchFanout(Executor executor, List<WatchStream> streams, EncodedEvent body, Event event, int slices) {
        this.executor = executor;
        this.streams = streams;
        this.body = body;
        this.event = event;
        this.slices = slices;
    }

    /**
     * Offers {@code event} to {@code streams} and returns once every one has been offered it (offers never block:
     * writes are asynchronous). HEAD watchers get no body; with {@code body} null (encoding failed) the others were
     * cut off and are skipped.
     *
     * @param lanes threads that may offer it at once, the calling one included (1: the caller alone)
     */
    static void offerAll(Executor executor, int lanes, List<WatchStream> streams, EncodedEvent body, Event event) {
        int slices = (streams.size() + SLICE_WATCHERS - 1) / SLICE_WATCHERS;
        if (slices <= 1 || lanes <= 1) {
            offerRange(streams, 0, streams.size(), body, event);
        } else {
            new WatchFanout(executor, streams, body, event, slices).inLanes(lanes);
        }
    }

    /** On the drain thread: starts the helpers, takes slices, and waits for the helpers' slices to finish. */
    private void inLanes(int lanes) {
        int helpers = Math.min(lanes - 1, slices - 1);
        for (int i = 0; i < helpers; i++) {
            try {
                executor.execute(this::work);
            } catch (RejectedExecutionException stopping) {
                break; // the server is stopping: this thread offers the rest itself
            }
        }
        work();
        boolean interrupted = false;
        synchronized (this) {
            // A slice taken by a helper is being offered now: offers never block.
            while (slicesDone < slices) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void work() {
        int slice;
        while ((slice = nextSlice.getAndIncrement()) < slices) {
            int from = slice * SLICE_WATCHERS;
            try {
                offerRange(streams, from, Math.min(streams.size(), from + SLICE_WATCHERS), body, event);
            } finally {
                synchronized (this) {
                    if (++slicesDone == slices) {
                        notifyAll();
                    }
                }
            }
        }
    }

    private static void offerRange(List<WatchStream> streams, int from, int to, EncodedEvent body, Event event) {
        for (int i = from; i < to; i++) {
            WatchStream s = streams.get(i);
            if (!s.wantsBody()) {
                offer(s, EncodedEvent.NO_BODY, event);
            } else if (body != null) {
                offer(s, body, event);
            }
        }
    }

    /** One watcher's trouble (a bug) must not keep the event from the others. */
    private static void offer(WatchStream s, EncodedEvent body, Event event) {
        try {
            s.offer(body);
        } catch (RuntimeException bug) {
            LOG.error("delivering event {} to a watch of {} failed", event.index(), s.key, bug);
        }
    }
}
