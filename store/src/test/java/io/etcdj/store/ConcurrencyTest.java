package io.etcdj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Readers run while one writer keeps two keys in step (a is set, then b to the same number). A read holds the read
 * lock for the whole listing, so it must see b == a or b == a - 1, never a torn tree; a stream watcher must see every
 * index once, in order.
 */
class ConcurrencyTest {
    private static final int ROUNDS = 5_000;
    private static final int READERS = 3;

    @Test
    void readersSeeConsistentTreesWhileOneThreadWrites() throws Exception {
        V2Store store = new V2Store(new TestClock());
        store.set("/c/a", false, "0", null);
        store.set("/c/b", false, "0", null);
        List<Long> watched = new ArrayList<>();
        store.watch("/c", true, true, 0, e -> watched.add(e.index()));
        long firstIndex = store.index() + 1;

        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
        try {
            List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                readers.add(pool.submit(() -> {
                    long reads = 0;
                    long lastA = 0;
                    // Always read at least a few times, even if the writer is already finished.
                    while (!done.get() || reads < 10) {
                        NodeView dir = store.get("/c", true, false).node();
                        // set replaces /c/a with a new node, listed last: find the keys by name.
                        long a = valueOf(dir, "/c/a");
                        long b = valueOf(dir, "/c/b");
                        assertTrue(b == a || b == a - 1, "torn read: a=" + a + " b=" + b);
                        assertTrue(a >= lastA, "went back in time");
                        lastA = a;
                        long single = Long.parseLong(
                                store.get("/c/b", false, false).node().value());
                        assertTrue(single >= b - 1);
                        reads++;
                    }
                    return reads;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int i = 1; i <= ROUNDS; i++) {
                        String v = Integer.toString(i);
                        store.set("/c/a", false, v, null);
                        store.compareAndSwap("/c/b", Integer.toString(i - 1), 0, v, null);
                    }
                } finally {
                    done.set(true);
                }
                return null;
            });
            writer.get(60, TimeUnit.SECONDS);
            for (Future<Long> reader : readers) {
                assertTrue(reader.get(60, TimeUnit.SECONDS) >= 10);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }

        assertEquals(2L + 2 * ROUNDS, store.index());
        assertEquals(2 * ROUNDS, watched.size());
        for (int i = 0; i < watched.size(); i++) {
            assertEquals(firstIndex + i, watched.get(i));
        }
        assertEquals(
                Long.toString(ROUNDS), store.get("/c/b", false, false).node().value());
    }

    private static long valueOf(NodeView dir, String key) {
        assertEquals(2, dir.nodes().size());
        for (NodeView n : dir.nodes()) {
            if (n.key().equals(key)) {
                return Long.parseLong(n.value());
            }
        }
        throw new AssertionError(key + " missing from " + dir);
    }
}
