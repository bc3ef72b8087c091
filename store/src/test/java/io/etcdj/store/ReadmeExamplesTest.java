package io.etcdj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Usage section of etcd 0.4.6's README, call by call (indices are this store's, which starts at 0). */
class ReadmeExamplesTest {
    private final TestClock clock = new TestClock();
    private final V2Store store = new V2Store(clock);

    private static NodeView key(String key, String value, long modified, long created) {
        return new NodeView(key, value, false, null, 0, modified, created, null);
    }

    @Test
    void setGetChangeDelete() throws Exception {
        Event set = store.set("/message", false, "Hello world", null);
        assertEquals(new Event(Action.SET, key("/message", "Hello world", 1, 1), null, 1), set);

        assertEquals(
                new Event(Action.GET, key("/message", "Hello world", 1, 1), null, 1),
                store.get("/message", false, false));

        Event change = store.set("/message", false, "Hello etcd", null);
        assertEquals(
                new Event(Action.SET, key("/message", "Hello etcd", 2, 2), key("/message", "Hello world", 1, 1), 2),
                change);

        Event delete = store.delete("/message", false, false);
        assertEquals(
                new Event(Action.DELETE, key("/message", null, 3, 2), key("/message", "Hello etcd", 2, 2), 3), delete);
        assertEquals(3, store.index());
    }

    @Test
    void ttlKeyShowsExpirationThenExpires() throws Exception {
        Instant expiration = clock.instant().plusSeconds(5);
        Event set = store.set("/foo", false, "bar", expiration);
        assertEquals(new NodeView("/foo", "bar", false, expiration, 5, 1, 1, null), set.node());

        clock.advance(Duration.ofSeconds(5));
        List<Event> expired = store.deleteExpiredKeys(clock.instant());
        assertEquals(1, expired.size());
        assertEquals(Action.EXPIRE, expired.get(0).action());
        assertEquals(
                new NodeView("/foo", null, false, null, 0, 2, 1, null),
                expired.get(0).node());

        StoreException e = assertThrows(StoreException.class, () -> store.get("/foo", false, false));
        assertEquals(ErrorCode.KEY_NOT_FOUND, e.errorCode());
        assertEquals("/foo", e.errorCause());
        assertEquals(2, e.index());
    }

    @Test
    void waitForChangeThenWaitIndexReplaysIt() throws Exception {
        Recorder waiting = new Recorder();
        store.watch("/foo", false, false, 0, waiting);
        Event set = store.set("/foo", false, "bar", null);
        assertEquals(List.of(set), waiting.events);

        Recorder replay = new Recorder();
        store.watch("/foo", false, false, set.index(), replay);
        assertEquals(List.of(set), replay.events, "waitIndex in history answers at once");
        assertEquals(0, store.stats().get("watchers"));
    }

    @Test
    void compareAndSwapFailuresAndSuccess() throws Exception {
        store.set("/foo", false, "one", null);

        StoreException exists =
                assertThrows(StoreException.class, () -> store.create("/foo", false, "three", false, null));
        assertEquals(ErrorCode.NODE_EXIST, exists.errorCode());
        assertEquals("/foo", exists.errorCause());
        assertEquals(1, exists.index());

        StoreException failed =
                assertThrows(StoreException.class, () -> store.compareAndSwap("/foo", "two", 0, "three", null));
        assertEquals(ErrorCode.TEST_FAILED, failed.errorCode());
        assertEquals("[two != one]", failed.errorCause());
        assertEquals(1, failed.index());

        Event cas = store.compareAndSwap("/foo", "one", 0, "two", null);
        assertEquals(new Event(Action.COMPARE_AND_SWAP, key("/foo", "two", 2, 1), key("/foo", "one", 1, 1), 2), cas);
    }

    @Test
    void listingRecursiveListingAndDeletingADirectory() throws Exception {
        store.set("/foo", false, "two", null);
        store.set("/foo_dir/foo", false, "bar", null);

        NodeView root = store.get("/", false, false).node();
        NodeView fooDir = new NodeView("/foo_dir", null, true, null, 0, 2, 2, null);
        assertEquals(new NodeView("/", null, true, null, 0, 0, 0, List.of(key("/foo", "two", 1, 1), fooDir)), root);

        NodeView deep = store.get("/", true, false).node();
        NodeView fooDirListed =
                new NodeView("/foo_dir", null, true, null, 0, 2, 2, List.of(key("/foo_dir/foo", "bar", 2, 2)));
        assertEquals(List.of(key("/foo", "two", 1, 1), fooDirListed), deep.nodes());

        Event delete = store.delete("/foo_dir", false, true);
        assertEquals(new NodeView("/foo_dir", null, true, null, 0, 3, 2, null), delete.node());
        assertEquals(new NodeView("/foo_dir", null, true, null, 0, 2, 2, null), delete.prevNode());
        assertThrows(StoreException.class, () -> store.get("/foo_dir/foo", false, false));
    }

    @Test
    void hiddenNodesAreNotListedButReadable() throws Exception {
        store.set("/_message", false, "Hello hidden world", null);
        store.set("/message", false, "Hello world", null);
        assertEquals(
                List.of(key("/message", "Hello world", 2, 2)),
                store.get("/", false, false).node().nodes());
        assertEquals(
                List.of(key("/message", "Hello world", 2, 2)),
                store.get("/", true, true).node().nodes());
        assertEquals(
                "Hello hidden world",
                store.get("/_message", false, false).node().value());
    }

    @Test
    void internalMachinesDirectoryIsHiddenButReadable() throws Exception {
        store.set("/_etcd/machines/node1", false, "etcd=http://127.0.0.1:4001&raft=http://127.0.0.1:7001", null);
        assertTrue(store.get("/", true, false).node().nodes().isEmpty());
        NodeView machines = store.get("/_etcd/machines", false, false).node();
        assertEquals(1, machines.nodes().size());
        assertFalse(machines.nodes().get(0).dir());
        assertNull(machines.value());
    }
}
