package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.store.Action;
import io.etcdj.store.Event;
import io.etcdj.store.NodeView;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Responses encoded through the per-thread scratch buffer are exact whatever came before, and it stays bounded. */
class JsonScratchTest {

    private static Event set(String key, String value, long index) {
        return new Event(Action.SET, new NodeView(key, value, false, null, 0, index, index, null), null, index);
    }

    private static String expected(String key, String value, long index) {
        return "{\"action\":\"set\",\"node\":{\"key\":\"" + key + "\",\"value\":\"" + value + "\",\"modifiedIndex\":"
                + index + ",\"createdIndex\":" + index + "}}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLargeResponseAfterASmallOneAndTheReverseAreExact() {
        String large = "x".repeat(3 * JsonScratch.MAX_RETAINED_BYTES);
        String largeUnicode = "\u00e9\u4e2d".repeat(JsonScratch.INITIAL_BYTES); // grows the buffer while encoding

        assertArrayEquals(bytes(expected("/small", "a", 1)), EtcdJson.event(set("/small", "a", 1)));
        assertArrayEquals(bytes(expected("/large", large, 2)), EtcdJson.event(set("/large", large, 2)));
        assertArrayEquals(bytes(expected("/s", "b", 3)), EtcdJson.event(set("/s", "b", 3)));
        assertArrayEquals(bytes(expected("/u", largeUnicode, 4)), EtcdJson.event(set("/u", largeUnicode, 4)));
        assertArrayEquals(bytes(expected("/small", "", 5)), EtcdJson.event(set("/small", "", 5)));
    }

    @Test
    void theRetainedBufferIsBoundedAfterALargeResponse() {
        EtcdJson.event(set("/small", "a", 1));
        assertEquals(JsonScratch.INITIAL_BYTES, JsonScratch.retainedBytesOfThisThread());

        String large = "x".repeat(4 * JsonScratch.MAX_RETAINED_BYTES);
        assertEquals(expected("/large", large, 2).length(), EtcdJson.event(set("/large", large, 2)).length);
        assertTrue(
                JsonScratch.retainedBytesOfThisThread() <= JsonScratch.MAX_RETAINED_BYTES,
                "kept " + JsonScratch.retainedBytesOfThisThread() + " bytes");
    }

    @Test
    void aNestedUseGetsItsOwnBuffer() {
        JsonScratch outer = JsonScratch.acquire();
        try {
            outer.write('{');
            JsonScratch inner = JsonScratch.acquire();
            try {
                assertNotSame(outer, inner);
                inner.write('[');
                assertArrayEquals(bytes("["), inner.toByteArray());
            } finally {
                inner.release();
            }
            outer.write('}');
            assertArrayEquals(bytes("{}"), outer.toByteArray());
        } finally {
            outer.release();
        }
    }
}
