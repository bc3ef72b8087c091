package io.etcdj.server.http;

import io.etcdj.store.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Counts the encoded event bytes the watchers of a node hold, and says who goes when there are too many.
 *
 * <p>A watcher holds an event from the moment it is queued for it until its write has completed (the socket took
 * the bytes) or failed. Per watcher, bytes and events are counted; across the node, each event's bytes are counted
 * once however many watchers share them, because that is the memory they take. Two totals are kept: bytes held by
 * live watchers, which the total bound applies to, and bytes held at all, which also covers watchers already cut off
 * whose last write is still in the socket's way (their connections are closed early when that grows too large), and
 * the dispatcher's one-event encoding cache.
 *
 * <p>Thread safety: its own monitor. Callers may hold a {@link WatchStream}'s monitor when calling in; the budget
 * never calls out while holding its own.
 */
final class WatchBudget {
    /** One watcher's share; guarded by the budget's monitor. */
    static final class Account {
        final WatchStream stream;
        private long bytes;
        private int events;
        private boolean live = true;
        /** Once cut off: the write it still has in flight, if any. */
        private EncodedEvent lastWrite;

        Account(WatchStream stream) {
            this.stream = stream;
        }
    }

    private final WatchLimits limits;
    /** Events somebody holds, by index: the encoding cache for events sent to many watchers at different times. */
    private final HashMap<Long, EncodedEvent> held = new HashMap<>();
    /** Accounts holding at least one byte. */
    private final LinkedHashSet<Account> holding = new LinkedHashSet<>();

    private long liveBytes;
    private long heldBytes;

    WatchBudget(WatchLimits limits) {
        this.limits = limits;
    }

    /**
     * Takes {@code e} for the watcher unless that would put it over its own bound (it holds something already and
     * the event would make too many events or bytes): then nothing is taken and false returned.
     */
    synchronized boolean admit(Account a, EncodedEvent e) {
        int size = e.size();
        if (a.events > 0 && (a.events >= limits.maxWatcherEvents() || a.bytes + size > limits.maxWatcherBytes())) {
            return false;
        }
        a.events++;
        if (size > 0) {
            if (a.bytes == 0) {
                holding.add(a);
            }
            a.bytes += size;
            hold(e, a.live);
        }
        return true;
    }

    /** The watcher is done with {@code e}: written, dropped or failed. */
    synchronized void release(Account a, EncodedEvent e) {
        a.events--;
        int size = e.size();
        if (size > 0) {
            a.bytes -= size;
            if (a.bytes == 0) {
                holding.remove(a);
            }
            if (a.lastWrite == e) {
                a.lastWrite = null;
            }
            unhold(e, a.live);
        }
    }

    /** The watcher was cut off: what it still holds (its write in flight) no longer counts against the live total. */
    synchronized void demote(Account a, EncodedEvent inFlight) {
        if (!a.live) {
            return;
        }
        a.live = false;
        if (inFlight != null && inFlight.size() > 0) {
            a.lastWrite = inFlight;
            if (--inFlight.liveHolders == 0) {
                liveBytes -= inFlight.size();
            }
        }
    }

    /** The dispatcher keeps its last encoding: counted as held (it is memory), never as live (nobody to cut). */
    synchronized void pin(EncodedEvent e) {
        hold(e, false);
    }

    synchronized void unpin(EncodedEvent e) {
        unhold(e, false);
    }

    /** The encoding of {@code event} if somebody still holds it. */
    synchronized EncodedEvent lookup(Event event) {
        EncodedEvent e = held.get(event.index());
        return e != null && e.isFor(event) ? e : null;
    }

    synchronized long bytesHeldBy(Account a) {
        return a.bytes;
    }

    synchronized int eventsHeldBy(Account a) {
        return a.events;
    }

    synchronized boolean overTotal() {
        return liveBytes > limits.maxTotalBytes();
    }

    /**
     * When live watchers hold more than the total: all live watchers holding anything, most bytes first. The caller
     * cuts them off in this order until {@link #overTotal()} is false.
     */
    synchronized List<WatchStream> victims() {
        if (liveBytes <= limits.maxTotalBytes()) {
            return List.of();
        }
        List<Account> live = new ArrayList<>();
        for (Account a : holding) {
            if (a.live) {
                live.add(a);
            }
        }
        live.sort(Comparator.comparingLong((Account a) -> a.bytes).reversed());
        return live.stream().map(a -> a.stream).toList();
    }

    /**
     * When everything held (live or not) is over the total: the watchers already cut off whose write in flight no
     * live watcher shares, so that closing their connections now, rather than after the grace period, frees memory.
     */
    synchronized List<WatchStream> cutOffStillHolding() {
        if (heldBytes <= limits.maxTotalBytes()) {
            return List.of();
        }
        List<WatchStream> out = new ArrayList<>();
        for (Account a : holding) {
            if (!a.live && a.lastWrite != null && a.lastWrite.liveHolders == 0) {
                out.add(a.stream);
            }
        }
        return out;
    }

    /** Bytes held by live watchers, each event once. */
    synchronized long liveBytes() {
        return liveBytes;
    }

    /** Bytes held at all (live watchers, cut-off watchers' last writes, the encoding cache), each event once. */
    synchronized long heldBytes() {
        return heldBytes;
    }

    private void hold(EncodedEvent e, boolean live) {
        if (e.holders++ == 0) {
            heldBytes += e.size();
            held.put(e.index, e);
        }
        if (live && e.liveHolders++ == 0) {
            liveBytes += e.size();
        }
    }

    private void unhold(EncodedEvent e, boolean live) {
        if (live && --e.liveHolders == 0) {
            liveBytes -= e.size();
        }
        if (--e.holders == 0) {
            heldBytes -= e.size();
            held.remove(e.index, e);
        }
    }
}
