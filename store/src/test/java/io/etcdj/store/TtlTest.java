package io.etcdj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TtlTest {
    private final TestClock clock = new TestClock();
    private final V2Store store = new V2Store(clock);

    @ParameterizedTest(name = "{0} ms left shows ttl {1}")
    @CsvSource({
        "5000,5",
        "4999,5",
        "4001,5",
        "4000,4",
        "1,1",
        "0,0",
        "-1,0",
        "-999,0",
        "-1000,-1",
        "-1500,-1",
    })
    void ttlIsTheCeilingOfTheSecondsLeft(long millisLeft, long ttl) throws Exception {
        Instant expiration = clock.instant().plusMillis(millisLeft);
        store.set("/k", false, "v", expiration);
        NodeView v = store.get("/k", false, false).node();
        assertEquals(ttl, v.ttlSeconds());
        assertEquals(expiration, v.expiration());
    }

    @Test
    void ttlCountsDownWithTheClock() throws Exception {
        store.set("/k", false, "v", clock.instant().plusSeconds(60));
        clock.advance(Duration.ofMillis(20_500));
        assertEquals(40, store.get("/k", false, false).node().ttlSeconds());
    }

    @Test
    void nothingExpiresBeforeItsTimeAndExpiryIsInExpirationThenKeyOrder() throws Exception {
        Instant t0 = clock.instant();
        store.set("/late", false, "1", t0.plusSeconds(20));
        store.set("/b", false, "2", t0.plusSeconds(10));
        store.set("/a", false, "3", t0.plusSeconds(10));
        store.set("/permanent", false, "4", null);
        assertEquals(Optional.of(t0.plusSeconds(10)), store.nextExpiration());

        assertEquals(List.of(), store.deleteExpiredKeys(t0.plusSeconds(9)));
        List<Event> expired = store.deleteExpiredKeys(t0.plusSeconds(10));
        assertEquals(
                List.of("/a", "/b"), expired.stream().map(e -> e.node().key()).toList());
        assertEquals(List.of(5L, 6L), expired.stream().map(Event::index).toList());
        assertEquals(
                new NodeView("/a", "3", false, t0.plusSeconds(10), 10, 3, 3, null),
                expired.get(0).prevNode());
        assertEquals(6, store.index());
        assertEquals(Optional.of(t0.plusSeconds(20)), store.nextExpiration());
        assertEquals("4", store.get("/permanent", false, false).node().value());
        assertEquals(2, store.stats().get("expireCount"));
    }

    @Test
    void anExpiredButUnsweptKeyIsStillReadable() throws Exception {
        store.set("/k", false, "v", clock.instant().plusSeconds(1));
        clock.advance(Duration.ofSeconds(3));
        assertEquals(-2, store.get("/k", false, false).node().ttlSeconds());
    }

    @Test
    void expiringADirectoryRemovesItsSubtreeWithOneEvent() throws Exception {
        Instant t0 = clock.instant();
        store.set("/dir", true, null, t0.plusSeconds(5));
        store.set("/dir/a", false, "1", null);
        store.set("/dir/sub/b", false, "2", t0.plusSeconds(50));
        Recorder childWatcher = new Recorder();
        store.watch("/dir/sub/b", false, false, 0, childWatcher);

        List<Event> expired = store.deleteExpiredKeys(t0.plusSeconds(5));
        assertEquals(1, expired.size());
        Event e = expired.get(0);
        assertEquals(new NodeView("/dir", null, true, null, 0, 4, 1, null), e.node());
        assertEquals(Action.EXPIRE, e.action());
        assertTrue(store.nextExpiration().isEmpty(), "the child's own TTL went with it");
        assertThrows(StoreException.class, () -> store.get("/dir/a", false, false));
        assertEquals(List.of(e), childWatcher.events, "a watcher of a removed descendant hears the expiry");
    }

    @Test
    void renewingATtlMovesTheKeyInTheExpiryOrder() throws Exception {
        Instant t0 = clock.instant();
        store.set("/k", false, "v", t0.plusSeconds(5));
        store.update("/k", "v", t0.plusSeconds(100));
        assertEquals(List.of(), store.deleteExpiredKeys(t0.plusSeconds(50)));
        store.compareAndSwap("/k", "v", 0, "w", t0.plusSeconds(10));
        assertEquals(Optional.of(t0.plusSeconds(10)), store.nextExpiration());
        store.set("/k", false, "x", null);
        assertTrue(store.nextExpiration().isEmpty(), "a replaced key leaves the TTL index");
    }
}
