package io.etcdj.server.http;

import io.etcdj.store.Watch;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * One parked watch response. Events come from the {@link WatchDispatcher} in index order and are written one at a
 * time in that order (Jetty allows one write in flight). What is queued or in flight is counted by the
 * {@link WatchBudget}; a watcher over its bound, or picked when the node's total is over, is cut off: the events it
 * has not been sent are dropped, the watch is cancelled, and the response ends cleanly (a stream's terminating chunk)
 * once the write in flight completes. A client that does not take that end within the grace period has its
 * connection closed, which fails the pending write and releases everything. Nothing is ever skipped silently: an
 * event that is not written is followed by the end of the response.
 *
 * <p>A one-shot watch takes one event, written as the last write. A HEAD watch is written no body.
 *
 * <p>Locking: its own monitor guards the state below; it calls into the budget while holding it (never the other
 * way round) and never holds it while writing or completing the response.
 */
final class WatchStream {
    final String key;
    final WatchBudget.Account account = new WatchBudget.Account(this);
    private final boolean continuous;
    private final boolean head;
    private final WatchOutput out;
    private final WatchBudget budget;
    private final WatchStats stats;
    private final long graceMs;

    private final ArrayDeque<EncodedEvent> queue = new ArrayDeque<>();
    private boolean writing;
    /** The event whose write is in flight (null for the headers-only write and the terminating one). */
    private EncodedEvent inFlight;

    private boolean headersWanted;
    private boolean wroteAnything;
    /** No more events are taken: the one event of a one-shot watch came, or the watcher was cut off. */
    private boolean endRequested;

    private boolean lastIssued;
    private boolean cutOff;
    /** The response is complete or failed: nothing more is written or held. */
    private boolean done;
    /** The client went away while a write was in flight: the response fails once that write completes. */
    private Throwable clientFailure;

    private Runnable cancelGrace;

    /** Set with {@code endRequested} or {@code done}: read without the lock by the apply thread and the watch race. */
    private volatile boolean closed;

    private volatile Watch watch;

    WatchStream(
            String key,
            boolean continuous,
            boolean head,
            WatchOutput out,
            WatchBudget budget,
            WatchStats stats,
            long graceMs) {
        this.key = key;
        this.continuous = continuous;
        this.head = head;
        this.out = out;
        this.budget = budget;
        this.stats = stats;
        this.graceMs = graceMs;
    }

    boolean wantsBody() {
        return !head;
    }

    /** False once the stream takes no more events (cheap; for the apply thread). */
    boolean acceptsEvents() {
        return !closed;
    }

    /** The registered watch, cancelled at once if the stream has already ended. */
    void attach(Watch w) {
        watch = w;
        if (closed) {
            w.cancel();
        }
    }

    /** The watch is registered: send the headers now if no event has (etcd 0.4.5+ flushes them at once). */
    void start() {
        synchronized (this) {
            headersWanted = true;
        }
        pump();
    }

    /** Queues an event (delivery thread). Over the watcher's bound, the watcher is cut off instead. */
    void offer(EncodedEvent e) {
        boolean admitted;
        synchronized (this) {
            if (endRequested || done) {
                return;
            }
            admitted = budget.admit(account, e);
            if (admitted) {
                queue.add(e);
                if (!continuous) {
                    endRequested = true;
                    closed = true;
                }
            }
        }
        if (admitted) {
            pump();
        } else {
            cutOff(WatchStats.CutOff.WATCHER_BOUND);
        }
    }

    /** Cuts the watcher off (see the class comment); false if it had already ended. */
    boolean cutOff(WatchStats.CutOff reason) {
        long bytes;
        int events;
        boolean noTimer = false;
        synchronized (this) {
            if (done || cutOff) {
                return false;
            }
            cutOff = true;
            endRequested = true;
            closed = true;
            bytes = budget.bytesHeldBy(account);
            events = budget.eventsHeldBy(account);
            releaseQueued();
            budget.demote(account, inFlight);
            try {
                cancelGrace = out.schedule(this::closeNow, graceMs);
            } catch (RuntimeException schedulerStopped) {
                noTimer = true; // the server is stopping: no grace period
            }
        }
        cancelWatch();
        stats.cutOff(reason, key, bytes, events);
        if (noTimer) {
            closeNow();
        } else {
            pump();
        }
        return true;
    }

    /** The request was answered otherwise (an error before the watch was registered): never touch it again. */
    synchronized void abandon() {
        done = true;
        endRequested = true;
        closed = true;
    }

    /** A cut-off client did not take the end of its stream in time (or memory is short): close its connection. */
    void closeNow() {
        synchronized (this) {
            if (done) {
                return;
            }
        }
        TimeoutException cause = new TimeoutException(
                "watch of " + key + " was cut off and its client did not read the end of the stream");
        out.closeConnection(cause);
        boolean failHere;
        synchronized (this) {
            // With a write pending, closing the connection fails it and its callback completes the response.
            failHere = !done && !writing;
            if (failHere) {
                finishLocked();
            }
        }
        if (failHere) {
            out.failed(cause);
        }
    }

    /** The client closed the connection or the request failed: stop, and fail the response. */
    void clientGone(Throwable cause) {
        boolean failHere;
        synchronized (this) {
            if (done) {
                return;
            }
            endRequested = true;
            closed = true;
            releaseQueued();
            budget.demote(account, inFlight);
            failHere = !writing;
            if (failHere) {
                finishLocked();
            } else {
                clientFailure = cause;
            }
        }
        cancelWatch();
        if (failHere) {
            out.failed(cause);
        }
    }

    private void cancelWatch() {
        Watch w = watch;
        if (w != null) {
            w.cancel();
        }
    }

    /** Issues writes until one is pending or there is nothing to write; completions on other threads resume it. */
    private void pump() {
        while (true) {
            Write op;
            ByteBuffer content;
            synchronized (this) {
                if (writing || done || lastIssued) {
                    return;
                }
                EncodedEvent next = queue.poll();
                boolean last = endRequested && queue.isEmpty();
                if (next != null) {
                    content = head ? BufferUtil.EMPTY_BUFFER : next.content();
                } else if (endRequested || (headersWanted && !wroteAnything)) {
                    content = BufferUtil.EMPTY_BUFFER;
                } else {
                    return;
                }
                wroteAnything = true;
                writing = true;
                lastIssued = last;
                inFlight = next;
                op = new Write(next, last);
            }
            out.write(op.last, content, op);
            synchronized (this) {
                op.returned = true;
                if (!op.completed) {
                    return;
                }
            }
        }
    }

    private void releaseQueued() {
        for (EncodedEvent e : queue) {
            budget.release(account, e);
        }
        queue.clear();
    }

    private void finishLocked() {
        done = true;
        endRequested = true;
        closed = true;
        releaseQueued();
        if (cancelGrace != null) {
            cancelGrace.run();
            cancelGrace = null;
        }
    }

    /** The callback of one write; completes the response after the last, or fails it. */
    private final class Write implements Callback {
        private final EncodedEvent event;
        private final boolean last;
        /** Guarded by the stream: out.write has returned; a later completion must resume the pump itself. */
        private boolean returned;

        private boolean completed;

        Write(EncodedEvent event, boolean last) {
            this.event = event;
            this.last = last;
        }

        @Override
        public void succeeded() {
            Throwable failure;
            boolean resume;
            synchronized (WatchStream.this) {
                completed = true;
                writing = false;
                inFlight = null;
                if (event != null) {
                    budget.release(account, event);
                }
                failure = clientFailure;
                if (failure != null || last) {
                    finishLocked();
                }
                resume = returned && failure == null && !last;
            }
            if (failure != null) {
                out.failed(failure);
            } else if (last) {
                cancelWatch();
                out.succeeded();
            } else if (resume) {
                pump();
            }
        }

        @Override
        public void failed(Throwable x) {
            Throwable failure;
            synchronized (WatchStream.this) {
                completed = true;
                writing = false;
                inFlight = null;
                if (event != null) {
                    budget.release(account, event);
                }
                finishLocked();
                failure = clientFailure != null ? clientFailure : x;
            }
            cancelWatch();
            out.failed(failure);
        }
    }
}
