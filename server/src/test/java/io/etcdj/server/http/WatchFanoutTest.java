package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.store.Event;
import io.etcdj.store.StoreException;
import io.etcdj.store.V2Store;
import io.etcdj.store.Watch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One event for many watchers is offered by several threads at once (the drain and helper tasks), each watcher still
 * getting every event once, byte-exact and in index order, with real threads.
 */
class WatchFanoutTest {
    private static final long BIG = 1L << 30;
    private static final long WAIT_S = 30;

    private final V2Store store = new V2Store(Clock.systemUTC());
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final AtomicInteger encodings = new AtomicInteger();

    /** Tasks held back while {@link #hold} is set: the apply thread's hand-offs then all land in one queue entry. */
    private final List<Runnable> held = new ArrayList<>();

    private boolean hold;
    private final Executor executor = task -> {
        synchronized (held) {
            if (hold) {
                held.add(task);
                return;
            }
        }
        pool.execute(task);
    };

    private final WatchDispatcher dispatcher = new WatchDispatcher(
            executor,
            new WatchLimits(BIG, 1000, BIG, 10_000, BIG, 3_000),
            e -> {
                encodings.incrementAndGet();
                return EtcdJson.event(e);
            },
            4);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(WAIT_S, TimeUnit.SECONDS));
    }

    /** Records which threads wrote events and counts event writes; otherwise the scripted client. */
    private static class Client implements WatchOutput {
        final ScriptedClient inner = new ScriptedClient(false);
        private final CountDownLatch eventWrites;
        private final CountDownLatch completed;
        private final Set<Thread> writers;

        Client(CountDownLatch eventWrites, CountDownLatch completed, Set<Thread> writers) {
            this.eventWrites = eventWrites;
            this.completed = completed;
            this.writers = writers;
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            boolean event = content.hasRemaining();
            if (event) {
                writers.add(Thread.currentThread());
            }
            inner.write(last, content, callback);
            if (event) {
                eventWrites.countDown();
            }
        }

        @Override
        public void succeeded() {
            inner.succeeded();
            completed.countDown();
        }

        @Override
        public void failed(Throwable cause) {
            inner.failed(cause);
        }

        @Override
        public void closeConnection(Throwable cause) {
            inner.closeConnection(cause);
        }

        @Override
        public Runnable schedule(Runnable task, long delayMs) {
            return inner.schedule(task, delayMs);
        }
    }

    private void watch(Client c, String key, boolean stream) throws StoreException {
        WatchStream s = dispatcher.open(key, stream, false, c);
        Watch w = store.watch(key, true, stream, 0, e -> dispatcher.handOff(e, s));
        s.attach(w);
        s.start();
    }

    private void holdDelivery() {
        synchronized (held) {
            hold = true;
        }
    }

    private void releaseDelivery() {
        List<Runnable> tasks;
        synchronized (held) {
            hold = false;
            tasks = new ArrayList<>(held);
            held.clear();
        }
        tasks.forEach(pool::execute);
    }

    private long watchers() {
        return store.stats().get("watchers");
    }

    @Test
    void aThousandOneShotWatchersOfOneKeyEachGetTheSameBytesOnceFromMoreThanOneThreadAndLeaveTheCount()
            throws Exception {
        int n = 1000;
        CountDownLatch helperWrote = new CountDownLatch(1);
        Set<Thread> writers = ConcurrentHashMap.newKeySet();
        AtomicLong firstWriter = new AtomicLong();
        CountDownLatch eventWrites = new CountDownLatch(n);
        CountDownLatch completed = new CountDownLatch(n);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(new Client(eventWrites, completed, writers) {
                @Override
                public void write(boolean last, ByteBuffer content, Callback callback) {
                    if (content.hasRemaining()) {
                        // The first thread to write an event holds on until another thread has written one: with
                        // one thread doing every offer, nobody else ever writes and this gives up after WAIT_S.
                        long me = Thread.currentThread().getId();
                        if (firstWriter.compareAndSet(0, me)) {
                            try {
                                helperWrote.await(WAIT_S, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        } else if (firstWriter.get() != me) {
                            helperWrote.countDown();
                        }
                    }
                    super.write(last, content, callback);
                }
            });
            watch(clients.get(i), "/k", false);
        }
        assertEquals(n, watchers());
        // Delivery starts once the write has handed the event off for all 1000 (else the drain may take the first
        // few alone, and its first write would wait for a helper that is not started before it returns).
        holdDelivery();
        Event e = store.set("/k", false, "v".repeat(300), null);
        releaseDelivery();
        assertTrue(completed.await(WAIT_S * 2, TimeUnit.SECONDS), "every watcher answered");
        byte[] expected = EtcdJson.event(e);
        for (Client client : clients) {
            ScriptedClient c = client.inner;
            assertEquals(2, c.writes.size(), "the headers, then the event");
            assertEquals(0, c.writes.get(0).content().length);
            assertFalse(c.writes.get(0).last());
            assertArrayEquals(expected, c.writes.get(1).content());
            assertTrue(c.writes.get(1).last(), "the event is the response's last write");
            assertEquals(1, c.succeeded);
            assertEquals(0, c.failed);
        }
        assertEquals(1, encodings.get(), "encoded once for all");
        assertTrue(writers.size() > 1, "offered by more than one thread: " + writers);
        assertEquals(0, watchers(), "answered one-shot watchers are no longer counted");
        assertEquals(0, dispatcher.budget().liveBytes());
    }

    @Test
    void streamingWatchersGetEveryEventOnceInIndexOrderWhenEventsAreOfferedInParallel() throws Exception {
        int n = 300;
        int events = 30;
        CountDownLatch eventWrites = new CountDownLatch(n * events);
        Set<Thread> writers = ConcurrentHashMap.newKeySet();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Client c = new Client(eventWrites, new CountDownLatch(1), writers);
            clients.add(c);
            watch(c, "/d", true);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            expected.add(
                    new String(EtcdJson.event(store.set("/d/" + i, false, "v" + i, null)), StandardCharsets.UTF_8));
        }
        assertTrue(eventWrites.await(WAIT_S * 2, TimeUnit.SECONDS), "every event reached every watcher");
        for (Client c : clients) {
            assertEquals(expected, c.inner.eventBodies());
            assertEquals(0, c.inner.completions(), "a stream stays open");
        }
        assertEquals(n, watchers());
    }
}
