package io.etcdj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WatchTest {
    private final TestClock clock = new TestClock();
    private final V2Store store = new V2Store(clock);

    private long watchers() {
        return store.stats().get("watchers");
    }

    @Test
    void oneShotWatchHearsOneEventThenLeaves() throws Exception {
        Recorder r = new Recorder();
        store.watch("/foo", false, false, 0, r);
        assertEquals(1, watchers());
        store.set("/foo", false, "1", null);
        store.set("/foo", false, "2", null);
        assertEquals(List.of(1L), r.indices());
        assertEquals(0, watchers());
    }

    @Test
    void streamWatchHearsEverythingUntilCancelled() throws Exception {
        Recorder r = new Recorder();
        Watch w = store.watch("/foo", false, true, 0, r);
        store.set("/foo", false, "1", null);
        store.update("/foo", "2", null);
        store.delete("/foo", false, false);
        assertEquals(1, watchers());
        w.cancel();
        w.cancel();
        assertEquals(0, watchers());
        store.set("/foo", false, "3", null);
        assertEquals(List.of(1L, 2L, 3L), r.indices());
    }

    @ParameterizedTest(name = "watch {0} recursive={1}, event on {2}: told={3}")
    @CsvSource({
        "/foo,false,/foo,true",
        "/foo,false,/foo/bar,false",
        "/foo,true,/foo/bar,true",
        "/foo,true,/foo/bar/baz,true",
        "/foo,true,/foobar,false",
        "/foo,true,/fo,false",
        "/,true,/anything/deep,true",
        "/,true,/_etcd/machines/x,false",
        "/_etcd,true,/_etcd/machines/x,true",
        "/foo,true,/foo/_bar,false",
        "/foo,true,/foo/_bar/baz,false",
        "/foo/_bar,false,/foo/_bar,true",
        "/foo/_bar,true,/foo/_bar/baz,true",
        "/_hidden,false,/_hidden,true",
    })
    void whoIsTold(String watched, boolean recursive, String changed, boolean told) throws Exception {
        Recorder live = new Recorder();
        store.watch(watched, recursive, true, 0, live);
        Event e = store.set(changed, false, "v", null);
        assertEquals(told ? List.of(e) : List.of(), live.events, "live");

        Recorder fromHistory = new Recorder();
        store.watch(watched, recursive, false, 1, fromHistory);
        assertEquals(told ? List.of(e) : List.of(), fromHistory.events, "from history");
    }

    @Test
    void recursiveDeleteTellsWatchersOfEveryRemovedPathOnce() throws Exception {
        store.set("/a/b/c", false, "1", null);
        store.set("/a/b/_h", false, "2", null);
        store.set("/other", false, "3", null);
        Recorder onLeaf = new Recorder();
        Recorder onHidden = new Recorder();
        Recorder streamOnDir = new Recorder();
        Recorder recursiveOnRoot = new Recorder();
        Recorder onOther = new Recorder();
        store.watch("/a/b/c", false, false, 0, onLeaf);
        store.watch("/a/b/_h", false, false, 0, onHidden);
        store.watch("/a", false, true, 0, streamOnDir);
        store.watch("/", true, true, 0, recursiveOnRoot);
        store.watch("/other", false, false, 0, onOther);

        Event e = store.delete("/a", false, true);
        for (Recorder r : List.of(onLeaf, onHidden, streamOnDir, recursiveOnRoot)) {
            assertEquals(List.of(e), r.events);
        }
        assertEquals(List.of(), onOther.events);
        assertEquals(3, watchers(), "the one-shot watchers left, /other and the streams stay");
    }

    @Test
    void historyBeyondTheLast1000EventsIsCleared() throws Exception {
        for (int i = 0; i < 1001; i++) {
            store.set("/k", false, Integer.toString(i), null);
        }
        StoreException e = assertThrows(StoreException.class, () -> store.watch("/k", false, false, 1, new Recorder()));
        assertEquals(ErrorCode.EVENT_INDEX_CLEARED, e.errorCode());
        assertEquals("the requested history has been cleared [2/1]", e.errorCause());
        assertEquals(1001, e.index());

        Recorder r = new Recorder();
        store.watch("/k", false, false, 2, r);
        assertEquals(List.of(2L), r.indices());
    }

    @Test
    void historyWatchReturnsTheFirstMatchAtOrAfterTheIndex() throws Exception {
        store.set("/a", false, "1", null);
        store.set("/b", false, "2", null);
        store.set("/a", false, "3", null);
        store.set("/b", false, "4", null);
        Recorder r = new Recorder();
        store.watch("/a", false, false, 2, r);
        assertEquals(List.of(3L), r.indices());
        assertEquals(0, watchers());

        Recorder none = new Recorder();
        store.watch("/a", false, false, 4, none);
        assertEquals(List.of(), none.events);
        assertEquals(1, watchers(), "no match in history: it waits");
        store.set("/a", false, "5", null);
        assertEquals(List.of(5L), none.indices());
    }

    @Test
    void streamFromHistoryReplaysThenFollowsLive() throws Exception {
        store.set("/d/x", false, "1", null);
        store.set("/e", false, "2", null);
        store.set("/d/y", false, "3", null);
        Recorder r = new Recorder();
        store.watch("/d", true, true, 1, r);
        store.set("/d/z", false, "4", null);
        assertEquals(List.of(1L, 3L, 4L), r.indices());
    }

    @Test
    void aFutureIndexIgnoresEarlierEvents() throws Exception {
        Recorder r = new Recorder();
        store.watch("/k", false, false, 3, r);
        store.set("/k", false, "1", null);
        store.set("/k", false, "2", null);
        assertEquals(List.of(), r.events);
        store.set("/k", false, "3", null);
        assertEquals(List.of(3L), r.indices());
    }

    @Test
    void expiryIsWatchable() throws Exception {
        store.set("/k", false, "v", clock.instant().plusSeconds(1));
        Recorder r = new Recorder();
        store.watch("/k", false, false, 0, r);
        List<Event> expired = store.deleteExpiredKeys(clock.instant().plusSeconds(1));
        assertEquals(expired, r.events);
        assertEquals(Action.EXPIRE, r.events.get(0).action());
    }

    @Test
    void aListenerMayCallBackIntoTheStoreAndOrderIsKept() throws Exception {
        List<Long> seen = new ArrayList<>();
        List<String> readBack = new ArrayList<>();
        store.watch("/", true, true, 0, e -> {
            seen.add(e.index());
            try {
                readBack.add(store.get(e.node().key(), false, false).node().value());
                if (e.node().key().equals("/ping")) {
                    store.set("/pong", false, "from listener", null);
                }
            } catch (StoreException ex) {
                throw new AssertionError(ex);
            }
        });
        store.set("/ping", false, "p", null);
        store.set("/after", false, "a", null);
        assertEquals(List.of(1L, 2L, 3L), seen);
        assertEquals(List.of("p", "from listener", "a"), readBack);
    }

    @Test
    void aFailingListenerDoesNotStopOthers() throws Exception {
        Recorder r = new Recorder();
        store.watch("/k", false, false, 0, e -> {
            throw new IllegalStateException("listener bug (expected in this test)");
        });
        store.watch("/k", false, false, 0, r);
        store.set("/k", false, "v", null);
        assertEquals(List.of(1L), r.indices());
    }

    @Test
    void recoverDropsWatchersAndHistory() throws Exception {
        store.set("/k", false, "v", null);
        byte[] snap = store.save();
        store.set("/k", false, "w", null);
        Recorder r = new Recorder();
        store.watch("/k", false, true, 0, r);
        store.recover(snap);
        assertEquals(0, watchers());
        store.set("/k", false, "x", null);
        assertEquals(List.of(), r.events);
        StoreException e = assertThrows(StoreException.class, () -> store.watch("/k", false, false, 1, new Recorder()));
        assertEquals("the requested history has been cleared [2/1]", e.errorCause());
    }
}
