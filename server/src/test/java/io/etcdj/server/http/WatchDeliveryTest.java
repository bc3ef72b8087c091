package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.store.Event;
import io.etcdj.store.StoreException;
import io.etcdj.store.V2Store;
import io.etcdj.store.Watch;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Watch delivery with a real store and scripted clients: order, encode-once, the per-watcher and total bounds, the
 * cut-off (clean end, then a closed connection after the grace period) and the bounded hand-off queue.
 */
class WatchDeliveryTest {
    private static final long GRACE_MS = 3_000;
    private static final long BIG = 1L << 30;

    private final V2Store store = new V2Store(Clock.systemUTC());
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    /** Runs nothing until {@link #runTasks()}: what the apply thread does alone is visible. */
    private final Executor queued = tasks::add;

    private int encodings;
    private final Function<Event, byte[]> encoder = e -> {
        encodings++;
        return EtcdJson.event(e);
    };

    private static WatchLimits limits(long watcherBytes, int watcherEvents, long totalBytes) {
        return new WatchLimits(watcherBytes, watcherEvents, totalBytes, 10_000, BIG, GRACE_MS);
    }

    private WatchStream watch(WatchDispatcher d, ScriptedClient c, String key, boolean stream, boolean head)
            throws StoreException {
        WatchStream s = d.open(key, stream, head, c);
        Watch w = store.watch(key, true, stream, 0, e -> d.handOff(e, s));
        s.attach(w);
        s.start();
        return s;
    }

    private Event set(String key, int valueBytes) throws StoreException {
        return store.set(key, false, "v".repeat(valueBytes), null);
    }

    private static String json(Event e) {
        return new String(EtcdJson.event(e), StandardCharsets.UTF_8);
    }

    private static int size(Event e) {
        return EtcdJson.event(e).length;
    }

    private long watchers() {
        return store.stats().get("watchers");
    }

    private void runTasks() {
        Runnable t;
        while ((t = tasks.poll()) != null) {
            t.run();
        }
    }

    @Test
    void eventsAreWrittenInIndexOrderAfterTheHeaders() throws Exception {
        WatchDispatcher d = new WatchDispatcher(Runnable::run, limits(BIG, 1000, BIG), encoder);
        ScriptedClient c = new ScriptedClient(false);
        watch(d, c, "/d", true, false);
        assertEquals(1, c.writes.size(), "the headers are flushed once the watch is registered");
        assertEquals(0, c.writes.get(0).content().length);
        assertFalse(c.writes.get(0).last());
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            expected.add(json(set("/d/" + i, 10)));
        }
        assertEquals(expected, c.eventBodies());
        assertTrue(c.writes.stream().noneMatch(ScriptedClient.Written::last));
        assertEquals(0, c.completions());
        assertEquals(1, watchers());
    }

    @Test
    void aOneShotWatchEndsWithItsEvent() throws Exception {
        WatchDispatcher d = new WatchDispatcher(Runnable::run, limits(BIG, 1000, BIG), encoder);
        ScriptedClient c = new ScriptedClient(false);
        watch(d, c, "/k", false, false);
        Event e = set("/k", 10);
        set("/k", 10);
        assertEquals(List.of(json(e)), c.eventBodies());
        assertTrue(c.writes.get(c.writes.size() - 1).last());
        assertEquals(1, c.succeeded);
        assertEquals(0, watchers());
    }

    @Test
    void theApplyThreadOnlyQueuesTheEncodingAndWritingHappenOnTheDeliveryThread() throws Exception {
        WatchDispatcher d = new WatchDispatcher(queued, limits(BIG, 1000, BIG), encoder);
        ScriptedClient c = new ScriptedClient(false);
        watch(d, c, "/k", true, false);
        Event e = set("/k", 10);
        assertEquals(0, encodings, "nothing is encoded on the thread that applied the write");
        assertEquals(List.of(), c.eventBodies());
        runTasks();
        assertEquals(1, encodings);
        assertEquals(List.of(json(e)), c.eventBodies());
    }

    @Test
    void anEventIsEncodedOnceForAThousandWatchersAndTheyAllGetTheSameBytes() throws Exception {
        for (Executor executor : List.of(Runnable::run, queued)) {
            encodings = 0;
            WatchDispatcher d = new WatchDispatcher(executor, limits(BIG, 1000, BIG), encoder);
            List<ScriptedClient> oneShot = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                ScriptedClient c = new ScriptedClient(false);
                watch(d, c, "/k", false, false);
                oneShot.add(c);
            }
            ScriptedClient streaming = new ScriptedClient(false);
            WatchStream streamingWatch = watch(d, streaming, "/", true, false);
            Event e = set("/k", 1000);
            runTasks();
            assertEquals(1, encodings, "encoded once for 1001 watchers");
            for (ScriptedClient c : oneShot) {
                assertEquals(List.of(json(e)), c.eventBodies());
                assertEquals(1, c.succeeded);
            }
            assertEquals(List.of(json(e)), streaming.eventBodies());
            streamingWatch.clientGone(new EOFException("test: done"));
            assertEquals(0, watchers());
        }
    }

    @Test
    void headWatchersAreWrittenNoBodyAndNothingIsEncodedForThem() throws Exception {
        WatchDispatcher d = new WatchDispatcher(Runnable::run, limits(BIG, 1000, BIG), encoder);
        ScriptedClient c = new ScriptedClient(false);
        watch(d, c, "/k", false, true);
        set("/k", 10);
        assertEquals(0, encodings);
        assertEquals(List.of(), c.eventBodies());
        assertTrue(c.writes.get(c.writes.size() - 1).last());
        assertEquals(1, c.succeeded);
    }

    @Test
    void aStalledWatcherOverItsByteBoundIsCutOffAndItsStreamEndsCleanly() throws Exception {
        int eventSize = size(new V2Store(Clock.systemUTC()).set("/d/1", false, "v".repeat(300), null));
        WatchDispatcher d = new WatchDispatcher(Runnable::run, limits(3L * eventSize + 50, 1000, BIG), encoder);
        ScriptedClient c = new ScriptedClient(true);
        watch(d, c, "/d", true, false);
        c.readOne(); // the headers
        Event first = set("/d/1", 300); // in flight, not taken by the client
        set("/d/2", 300);
        set("/d/3", 300);
        assertEquals(0, d.stats().cutOffs());
        set("/d/4", 300); // a fourth event would put it over 3 events' bytes
        assertEquals(1, d.stats().cutOffs(WatchStats.CutOff.WATCHER_BOUND));
        assertEquals(0, watchers(), "the watch is cancelled and unregistered");
        assertEquals(1, c.timers.size(), "the grace period runs");
        set("/d/5", 300);

        c.readOne(); // the client takes the event in flight, then the end of the stream
        c.readOne();
        assertEquals(List.of(json(first)), c.eventBodies(), "events not sent are dropped, never skipped silently");
        ScriptedClient.Written end = c.writes.get(c.writes.size() - 1);
        assertTrue(end.last());
        assertEquals(0, end.content().length, "a terminating chunk, no more data");
        assertEquals(1, c.succeeded);
        assertFalse(c.connectionClosed);
        assertEquals(List.of(), c.timers, "the grace timer is cancelled once the stream has ended");
        assertEquals(0, d.budget().liveBytes());
    }

    @Test
    void aStalledWatcherOverItsEventBoundIsCutOff() throws Exception {
        WatchDispatcher d = new WatchDispatcher(Runnable::run, limits(BIG, 2, BIG), encoder);
        ScriptedClient c = new ScriptedClient(true);
        watch(d, c, "/d", true, false);
        c.readOne();
        set("/d/1", 1);
        set("/d/2", 1);
        assertEquals(0, d.stats().cutOffs());
        set("/d/3", 1);
        assertEquals(1, d.stats().cutOffs(WatchStats.CutOff.WATCHER_BOUND));
        assertEquals(0, watchers());
    }

    @Test
    void oneEventLargerThanTheWatcherBoundStillGoesThroughAlone() throws Exception {
        WatchDispatcher d = new WatchDispatcher(Runnable::run, limits(100, 1000, BIG), encoder);
        ScriptedClient c = new ScriptedClient(true);
        watch(d, c, "/d", true, false);
        c.readOne();
        Event big = set("/d/1", 10_000);
        assertEquals(0, d.stats().cutOffs());
        c.readOne();
        assertEquals(List.of(json(big)), c.eventBodies());
        set("/d/2", 10_000); // in flight
        set("/d/3", 10_000); // a second one held: over
        assertEquals(1, d.stats().cutOffs());
    }

    @Test
    void overTheTotalTheWatcherHoldingMostIsCutOffAndTheOthersCarryOn() throws Exception {
        int eventSize = size(new V2Store(Clock.systemUTC()).set("/a/1", false, "v".repeat(300), null));
        WatchDispatcher d =
                new WatchDispatcher(Runnable::run, limits(BIG, 1000, 5L * eventSize + eventSize / 2), encoder);
        ScriptedClient a = new ScriptedClient(true);
        ScriptedClient b = new ScriptedClient(true);
        ScriptedClient fast = new ScriptedClient(false);
        watch(d, a, "/a", true, false);
        watch(d, b, "/b", true, false);
        watch(d, fast, "/", true, false);
        a.readOne();
        b.readOne();
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            all.add(json(set("/a/" + i, 300))); // a holds 4 events
        }
        all.add(json(set("/b/1", 300)));
        assertEquals(0, d.stats().cutOffs(), "5 events held: within the total");
        all.add(json(set("/b/2", 300))); // 6 events held: over; a holds most
        assertEquals(1, d.stats().cutOffs(WatchStats.CutOff.TOTAL_BOUND));
        assertTrue(d.budget().liveBytes() <= 5L * eventSize + eventSize / 2);
        assertEquals(2, watchers(), "b and the fast watcher are still registered");

        all.add(json(set("/b/3", 300)));
        a.readOne();
        a.readOne();
        assertEquals(1, a.succeeded, "a's stream ended after its write in flight");
        assertEquals(1, a.eventBodies().size());
        b.resume();
        assertEquals(all.subList(4, 7), b.eventBodies(), "b got every one of its events");
        assertEquals(all, fast.eventBodies(), "the watcher that reads got every event, in order");
        assertEquals(0, b.completions() + fast.completions());
    }

    @Test
    void anEventSharedByManyWatchersCountsOnceAgainstTheTotal() throws Exception {
        int eventSize = size(new V2Store(Clock.systemUTC()).set("/d/1", false, "v".repeat(300), null));
        WatchDispatcher d =
                new WatchDispatcher(Runnable::run, limits(BIG, 1000, 4L * eventSize + eventSize / 2), encoder);
        List<ScriptedClient> stalled = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ScriptedClient c = new ScriptedClient(true);
            watch(d, c, "/d", true, false);
            c.readOne();
            stalled.add(c);
        }
        for (int i = 1; i <= 4; i++) {
            set("/d/" + i, 300);
        }
        assertEquals(0, d.stats().cutOffs(), "40 holdings of 4 events is 4 events of memory");
        assertEquals(4L * eventSize, d.budget().liveBytes());
        set("/d/5", 300);
        assertEquals(
                10,
                d.stats().cutOffs(WatchStats.CutOff.TOTAL_BOUND),
                "all hold the same: all must go for the 5 events to be let go");
        for (ScriptedClient c : stalled) {
            c.readOne();
            c.readOne();
            assertEquals(1, c.succeeded);
        }
        assertEquals(0, d.budget().liveBytes());
        assertTrue(d.budget().heldBytes() <= eventSize, "only the last encoding is cached");
    }

    @Test
    void aCutOffClientThatDoesNotReadIsDisconnectedAfterTheGracePeriod() throws Exception {
        WatchDispatcher d = new WatchDispatcher(Runnable::run, limits(BIG, 1, BIG), encoder);
        ScriptedClient c = new ScriptedClient(true);
        watch(d, c, "/d", true, false);
        c.readOne();
        set("/d/1", 1000);
        set("/d/2", 1000);
        assertEquals(1, d.stats().cutOffs());
        assertTrue(c.writePending());
        assertTrue(d.budget().heldBytes() > 1000, "the write in flight still holds its bytes");
        c.fireTimers();
        assertTrue(c.connectionClosed);
        assertEquals(1, c.failed);
        assertEquals(0, c.succeeded);
        assertEquals(0, d.budget().liveBytes());
        assertEquals(0, watchers());
    }

    @Test
    void whenNoTimerCanBeSetACutOffClientIsDisconnectedAtOnce() throws Exception {
        WatchDispatcher d = new WatchDispatcher(Runnable::run, limits(BIG, 1, BIG), encoder);
        ScriptedClient c = new ScriptedClient(true);
        watch(d, c, "/d", true, false);
        c.readOne();
        c.schedulerStopped = true;
        set("/d/1", 10);
        set("/d/2", 10);
        assertEquals(1, d.stats().cutOffs());
        assertTrue(c.connectionClosed);
        assertEquals(1, c.failed);
        assertEquals(0, watchers());
    }

    @Test
    void overTheTotalWatchersAlreadyCutOffLoseTheirGracePeriod() throws Exception {
        int eventSize = size(new V2Store(Clock.systemUTC()).set("/a/1", false, "v".repeat(1000), null));
        long oneAndAHalf = eventSize + eventSize / 2;
        WatchDispatcher d = new WatchDispatcher(Runnable::run, limits(oneAndAHalf, 1000, oneAndAHalf), encoder);
        ScriptedClient a = new ScriptedClient(true);
        ScriptedClient b = new ScriptedClient(true);
        watch(d, a, "/a", true, false);
        watch(d, b, "/b", true, false);
        a.readOne();
        b.readOne();
        set("/a/1", 1000); // in flight at a
        // Over a's bound: a is cut off. Its write in flight and the cached encoding of the new event are more than
        // the total: rather than wait out the grace period, a's connection is closed at once.
        set("/a/2", 1000);
        assertEquals(1, d.stats().cutOffs(WatchStats.CutOff.WATCHER_BOUND));
        assertTrue(a.connectionClosed);
        assertEquals(1, a.failed);
        set("/b/1", 1000); // b, live and within the total, is left alone
        assertFalse(b.connectionClosed);
        assertTrue(b.writePending());
        assertEquals(1, d.stats().cutOffs());
        assertEquals(1, watchers());
    }

    @Test
    void whenTheHandOffQueueIsFullTheWatchersOfTheEventThatDidNotFitAreCutOff() throws Exception {
        WatchDispatcher d = new WatchDispatcher(queued, new WatchLimits(BIG, 1000, BIG, 2, BIG, GRACE_MS), encoder);
        ScriptedClient c = new ScriptedClient(false);
        ScriptedClient other = new ScriptedClient(false);
        watch(d, c, "/d", true, false);
        watch(d, other, "/o", true, false);
        Event o = set("/o/1", 10);
        set("/d/1", 10);
        set("/d/2", 10); // a third event while the delivery thread has not run: no room
        assertEquals(0, d.stats().cutOffs(), "decided on the delivery thread, not the apply thread");
        runTasks();
        assertEquals(1, d.stats().cutOffs(WatchStats.CutOff.HANDOFF_FULL));
        assertEquals(1, c.succeeded, "its stream ended");
        assertTrue(c.writes.get(c.writes.size() - 1).last());
        assertEquals(1, watchers());
        assertEquals(List.of(json(o)), other.eventBodies());
        Event later = set("/o/2", 10);
        runTasks();
        assertEquals(List.of(json(o), json(later)), other.eventBodies());
    }

    @Test
    void anEventThatCannotBeEncodedCutsOffItsWatchersOnly() throws Exception {
        Function<Event, byte[]> failing = e -> {
            if (e.node().key().equals("/d/bad")) {
                throw new IllegalStateException("test: cannot encode");
            }
            return EtcdJson.event(e);
        };
        WatchDispatcher d = new WatchDispatcher(Runnable::run, limits(BIG, 1000, BIG), failing);
        ScriptedClient c = new ScriptedClient(false);
        ScriptedClient other = new ScriptedClient(false);
        watch(d, c, "/d", true, false);
        watch(d, other, "/o", true, false);
        set("/d/bad", 1);
        assertEquals(1, d.stats().cutOffs(WatchStats.CutOff.ENCODING_FAILED));
        assertEquals(1, c.succeeded);
        Event o = set("/o/1", 1);
        assertEquals(List.of(json(o)), other.eventBodies());
    }

    @Test
    void aClientThatGoesAwayIsUnregisteredAndReleasesWhatItHeld() throws Exception {
        WatchDispatcher d = new WatchDispatcher(Runnable::run, limits(BIG, 1000, BIG), encoder);
        ScriptedClient c = new ScriptedClient(true);
        WatchStream s = watch(d, c, "/d", true, false);
        c.readOne();
        set("/d/1", 100);
        set("/d/2", 100);
        s.clientGone(new EOFException("test: hung up"));
        assertEquals(0, watchers());
        assertEquals(0, d.budget().liveBytes());
        assertEquals(0, c.completions(), "not completed while its write is pending");
        c.closeConnection(new EOFException("test: closed")); // Jetty fails the pending write
        assertEquals(1, c.failed);
        assertEquals(0, d.stats().cutOffs(), "a client leaving is not a cut-off");
    }
}
