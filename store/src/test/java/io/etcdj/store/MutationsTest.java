package io.etcdj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What each successful mutation does to the tree, the index and the event. */
class MutationsTest {
    private final TestClock clock = new TestClock();
    private final V2Store store = new V2Store(clock);

    @Test
    void setCleansTheKeyAndCreatesIntermediateDirectoriesWithTheNewIndex() throws Exception {
        store.set("/a", false, "x", null);
        Event e = store.set("b/c//x/../d/", false, "v", null);
        assertEquals(new Event(Action.SET, new NodeView("/b/c/d", "v", false, null, 0, 2, 2, null), null, 2), e);
        for (String dir : new String[] {"/b", "/b/c"}) {
            NodeView d = store.get(dir, false, false).node();
            assertTrue(d.dir());
            assertEquals(2, d.createdIndex());
            assertEquals(2, d.modifiedIndex());
        }
    }

    @Test
    void setDirOverAFileReplacesIt() throws Exception {
        store.set("/k", false, "v", null);
        Event e = store.set("/k", true, "ignored", null);
        assertEquals(new NodeView("/k", null, true, null, 0, 2, 2, null), e.node());
        assertEquals(new NodeView("/k", "v", false, null, 0, 1, 1, null), e.prevNode());
        assertEquals(List.of(), store.get("/k", false, false).node().nodes());
    }

    @Test
    void createUniqueNamesKeysByIndexAndKeepsCreationOrder() throws Exception {
        store.set("/other", false, "x", null);
        Event first = store.create("/queue", false, "job1", true, null);
        Event second = store.create("/queue", false, "job2", true, null);
        store.create("/queue", true, null, true, null);
        assertEquals("/queue/00000000000000000002", first.node().key());
        assertEquals(Action.CREATE, first.action());
        assertNull(first.prevNode());
        assertEquals("/queue/00000000000000000003", second.node().key());
        List<NodeView> listed = store.get("/queue", false, true).node().nodes();
        assertEquals(
                List.of("/queue/00000000000000000002", "/queue/00000000000000000003", "/queue/00000000000000000004"),
                listed.stream().map(NodeView::key).toList());
        assertTrue(listed.get(2).dir());
    }

    @Test
    void listingIsInCreationOrderUnlessSorted() throws Exception {
        for (String k : new String[] {"/d/c", "/d/a", "/d/b"}) {
            store.set(k, false, k, null);
        }
        assertEquals(
                List.of("/d/c", "/d/a", "/d/b"),
                keys(store.get("/d", false, false).node()));
        assertEquals(
                List.of("/d/a", "/d/b", "/d/c"),
                keys(store.get("/d", false, true).node()));
        store.set("/d/c", false, "again", null);
        assertEquals(
                List.of("/d/a", "/d/b", "/d/c"),
                keys(store.get("/d", false, false).node()),
                "a replaced key is a new node, listed last");
    }

    @Test
    void recursiveSortedSortsEveryLevel() throws Exception {
        store.set("/z/y", false, "1", null);
        store.set("/z/b", false, "2", null);
        store.set("/a", false, "3", null);
        NodeView root = store.get("/", true, true).node();
        assertEquals(List.of("/a", "/z"), keys(root));
        assertEquals(List.of("/z/b", "/z/y"), keys(root.nodes().get(1)));
    }

    @Test
    void updateReplacesValueAndExpiration() throws Exception {
        store.set("/k", false, "v", clock.instant().plusSeconds(10));
        Event e = store.update("/k", "", null);
        assertEquals(new NodeView("/k", "", false, null, 0, 2, 1, null), e.node());
        assertEquals(10, e.prevNode().ttlSeconds());
        assertEquals(Action.UPDATE, e.action());
        assertTrue(store.nextExpiration().isEmpty(), "update without a TTL makes the key permanent");
    }

    @Test
    void updateOfADirectorySetsOnlyItsTtlAndKeepsItsModifiedIndexLikeEtcd() throws Exception {
        store.set("/d/k", false, "v", null);
        Event e = store.update("/d", "", clock.instant().plusSeconds(30));
        assertEquals(new NodeView("/d", null, true, clock.instant().plusSeconds(30), 30, 2, 1, null), e.node());
        NodeView d = store.get("/d", false, false).node();
        assertEquals(1, d.modifiedIndex());
        assertEquals(30, d.ttlSeconds());
    }

    @Test
    void compareAndSwapByIndexAndValue() throws Exception {
        store.set("/k", false, "v", null);
        Event e = store.compareAndSwap("/k", "v", 1, "w", clock.instant().plusSeconds(3));
        assertEquals(new NodeView("/k", "w", false, clock.instant().plusSeconds(3), 3, 2, 1, null), e.node());
        assertEquals(new NodeView("/k", "v", false, null, 0, 1, 1, null), e.prevNode());
        Event again = store.compareAndSwap("/k", null, 2, "x", null);
        assertEquals("x", again.node().value());
        assertTrue(store.nextExpiration().isEmpty());
    }

    @Test
    void deleteAFileAnEmptyDirAndATree() throws Exception {
        store.set("/f", false, "v", null);
        store.set("/e", true, null, null);
        store.set("/t/a/b", false, "v", clock.instant().plusSeconds(5));
        assertEquals(
                new NodeView("/f", null, false, null, 0, 4, 1, null),
                store.delete("/f", false, false).node());
        assertEquals(
                new NodeView("/e", null, true, null, 0, 5, 2, null),
                store.delete("/e", true, false).node());
        Event tree = store.delete("/t", false, true);
        assertEquals(new NodeView("/t", null, true, null, 0, 6, 3, null), tree.node());
        assertTrue(store.nextExpiration().isEmpty(), "descendants leave the TTL index");
        assertEquals(List.of(), store.get("/", true, false).node().nodes());
    }

    @Test
    void compareAndDelete() throws Exception {
        store.set("/k", false, "v", null);
        Event e = store.compareAndDelete("/k", "v", 1);
        assertEquals(
                new Event(
                        Action.COMPARE_AND_DELETE,
                        new NodeView("/k", null, false, null, 0, 2, 1, null),
                        new NodeView("/k", "v", false, null, 0, 1, 1, null),
                        2),
                e);
    }

    @Test
    void getOfTheRootAndOfAnEmptyStore() throws Exception {
        Event e = store.get("", false, false);
        assertEquals(new Event(Action.GET, new NodeView("/", null, true, null, 0, 0, 0, List.of()), null, 0), e);
    }

    private static List<String> keys(NodeView dir) {
        return dir.nodes().stream().map(NodeView::key).toList();
    }
}
