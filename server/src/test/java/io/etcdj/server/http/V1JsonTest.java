package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.etcdj.store.Action;
import io.etcdj.store.Event;
import io.etcdj.store.NodeView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The v1 JSON against etcd 0.4.6's own expectations: the literal bodies of server/v1/tests/*_test.go where they
 * give one, and the field order and omissions of store/response_v1.go's struct otherwise.
 */
class V1JsonTest {

    private static NodeView key(String key, String value, long modified, long created) {
        return new NodeView(key, value, false, null, 0, modified, created, null);
    }

    private static NodeView dir(String key, long modified, List<NodeView> children) {
        return new NodeView(key, null, true, null, 0, modified, modified, children);
    }

    private static String json(Event e, long currentIndex) {
        return new String(V1Json.response(e, currentIndex), StandardCharsets.UTF_8);
    }

    @Test
    void newKeySetIsByteForByteTestV1SetKey() {
        Event e = new Event(Action.SET, key("/foo/bar", "XXX", 3, 3), null, 3);
        assertEquals(
                "{\"action\":\"set\",\"key\":\"/foo/bar\",\"value\":\"XXX\",\"newKey\":true,\"index\":3}", json(e, 0));
    }

    @Test
    void deleteIsByteForByteTestV1DeleteKey() {
        Event e = new Event(Action.DELETE, key("/foo/bar", null, 4, 3), key("/foo/bar", "XXX", 3, 3), 4);
        assertEquals("{\"action\":\"delete\",\"key\":\"/foo/bar\",\"prevValue\":\"XXX\",\"index\":4}", json(e, 0));
    }

    @Test
    void overwriteShowsPrevValueBeforeValueAndNoNewKey() {
        Event e = new Event(Action.SET, key("/foo", "new", 5, 5), key("/foo", "old", 4, 4), 5);
        assertEquals(
                "{\"action\":\"set\",\"key\":\"/foo\",\"prevValue\":\"old\",\"value\":\"new\",\"index\":5}",
                json(e, 0));
    }

    @Test
    void compareAndSwapAndCreateAreTestAndSet() {
        Event cas = new Event(Action.COMPARE_AND_SWAP, key("/foo/bar", "YYY", 4, 3), key("/foo/bar", "XXX", 3, 3), 4);
        assertEquals(
                "{\"action\":\"testAndSet\",\"key\":\"/foo/bar\",\"prevValue\":\"XXX\",\"value\":\"YYY\",\"index\":4}",
                json(cas, 0));
        Event create = new Event(Action.CREATE, key("/foo/bar", "XXX", 3, 3), null, 3);
        assertEquals("{\"action\":\"testAndSet\",\"key\":\"/foo/bar\",\"value\":\"XXX\",\"index\":3}", json(create, 0));
    }

    @Test
    void otherActionsKeepTheirV2Names() {
        Event expire = new Event(Action.EXPIRE, key("/t", null, 9, 8), key("/t", "v", 8, 8), 9);
        assertEquals("{\"action\":\"expire\",\"key\":\"/t\",\"prevValue\":\"v\",\"index\":9}", json(expire, 0));
        Event update = new Event(Action.UPDATE, key("/u", "b", 7, 6), key("/u", "a", 6, 6), 7);
        assertEquals(
                "{\"action\":\"update\",\"key\":\"/u\",\"prevValue\":\"a\",\"value\":\"b\",\"index\":7}",
                json(update, 0));
    }

    @Test
    void readReportsTheCurrentIndexNotTheKeys() {
        Event get = new Event(Action.GET, key("/foo/bar", "XXX", 3, 3), null, 12);
        assertEquals("{\"action\":\"get\",\"key\":\"/foo/bar\",\"value\":\"XXX\",\"index\":12}", json(get, 12));
    }

    @Test
    void ttlAndExpirationFollowValueAndNewKey() {
        Instant expires = Instant.parse("2026-11-30T05:00:20.5Z");
        NodeView node = new NodeView("/t", "v", false, expires, 20, 6, 6, null);
        Event e = new Event(Action.SET, node, null, 6);
        assertEquals(
                "{\"action\":\"set\",\"key\":\"/t\",\"value\":\"v\",\"newKey\":true,"
                        + "\"expiration\":\"2026-11-30T05:00:20.5Z\",\"ttl\":20,\"index\":6}",
                json(e, 0));
    }

    @Test
    void emptyValueIsShown() {
        Event e = new Event(Action.GET, key("/e", "", 2, 2), null, 5);
        assertEquals("{\"action\":\"get\",\"key\":\"/e\",\"value\":\"\",\"index\":5}", json(e, 5));
    }

    /** TestV1GetKeyDir: one object per child, a sub-directory with dir:true (before value), no nested nodes. */
    @Test
    void directoryIsAnArrayOfItsChildren() {
        NodeView sub = dir("/foo/y", 4, null);
        Event e = new Event(Action.GET, dir("/foo", 3, List.of(key("/foo/x", "XXX", 3, 3), sub)), null, 4);
        assertEquals(
                "[{\"action\":\"get\",\"key\":\"/foo/x\",\"value\":\"XXX\",\"index\":4},"
                        + "{\"action\":\"get\",\"key\":\"/foo/y\",\"dir\":true,\"index\":4}]",
                json(e, 4));
    }

    @Test
    void directoryEventWithoutChildrenIsAnEmptyArray() {
        Event e = new Event(Action.GET, dir("/empty", 3, null), null, 3);
        assertEquals("[]", json(e, 3));
        Event deleted = new Event(Action.DELETE, dir("/d", 8, null), dir("/d", 7, null), 8);
        assertEquals("[]", json(deleted, 0));
    }
}
