package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.etcdj.store.Action;
import io.etcdj.store.ErrorCode;
import io.etcdj.store.Event;
import io.etcdj.store.NodeView;
import io.etcdj.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EtcdJsonTest {

    private static NodeView key(String key, String value, long modified, long created) {
        return new NodeView(key, value, false, null, 0, modified, created, null);
    }

    private static String json(Event e) {
        return new String(EtcdJson.event(e), StandardCharsets.UTF_8);
    }

    @Test
    void setMatchesEtcdByteForByte() {
        Event e = new Event(Action.SET, key("/message", "Hello world", 2, 2), null, 2);
        assertEquals(
                "{\"action\":\"set\",\"node\":{\"key\":\"/message\",\"value\":\"Hello world\","
                        + "\"modifiedIndex\":2,\"createdIndex\":2}}",
                json(e));
    }

    @Test
    void prevNodeFollowsNode() {
        Event e = new Event(Action.SET, key("/message", "Hello etcd", 3, 3), key("/message", "Hello world", 2, 2), 3);
        assertEquals(
                "{\"action\":\"set\",\"node\":{\"key\":\"/message\",\"value\":\"Hello etcd\","
                        + "\"modifiedIndex\":3,\"createdIndex\":3},\"prevNode\":{\"key\":\"/message\","
                        + "\"value\":\"Hello world\",\"modifiedIndex\":2,\"createdIndex\":2}}",
                json(e));
    }

    @Test
    void deleteNodeHasNoValue() {
        Event e = new Event(Action.DELETE, key("/message", null, 4, 3), key("/message", "Hello etcd", 3, 3), 4);
        assertEquals(
                "{\"action\":\"delete\",\"node\":{\"key\":\"/message\",\"modifiedIndex\":4,\"createdIndex\":3},"
                        + "\"prevNode\":{\"key\":\"/message\",\"value\":\"Hello etcd\",\"modifiedIndex\":3,"
                        + "\"createdIndex\":3}}",
                json(e));
    }

    @Test
    void emptyValueIsShown() {
        Event e = new Event(Action.CREATE, key("/empty", "", 5, 5), null, 5);
        assertEquals(
                "{\"action\":\"create\",\"node\":{\"key\":\"/empty\",\"value\":\"\",\"modifiedIndex\":5,"
                        + "\"createdIndex\":5}}",
                json(e));
    }

    @Test
    void dirHasNoValueAndEmptyNodesAreOmitted() {
        NodeView dir = new NodeView("/dir", null, true, null, 0, 6, 6, List.of());
        assertEquals(
                "{\"action\":\"get\",\"node\":{\"key\":\"/dir\",\"dir\":true,\"modifiedIndex\":6,"
                        + "\"createdIndex\":6}}",
                json(new Event(Action.GET, dir, null, 6)));
        NodeView noNodes = new NodeView("/dir", null, true, null, 0, 6, 6, null);
        assertEquals(json(new Event(Action.GET, dir, null, 6)), json(new Event(Action.GET, noNodes, null, 6)));
    }

    @Test
    void listingWithChildrenAndRootWithoutIndices() {
        NodeView child = new NodeView("/dir", null, true, null, 0, 2, 2, List.of(key("/dir/a", "1", 3, 3)));
        NodeView root = new NodeView("/", null, true, null, 0, 0, 0, List.of(child, key("/b", "2", 4, 4)));
        assertEquals(
                "{\"action\":\"get\",\"node\":{\"key\":\"/\",\"dir\":true,\"nodes\":["
                        + "{\"key\":\"/dir\",\"dir\":true,\"nodes\":[{\"key\":\"/dir/a\",\"value\":\"1\",\"modifiedIndex\":3,"
                        + "\"createdIndex\":3}],\"modifiedIndex\":2,\"createdIndex\":2},"
                        + "{\"key\":\"/b\",\"value\":\"2\",\"modifiedIndex\":4,\"createdIndex\":4}]}}",
                json(new Event(Action.GET, root, null, 4)));
    }

    @Test
    void ttlAndExpirationBetweenDirAndNodes() {
        NodeView n = new NodeView("/foo", "bar", false, Instant.parse("2013-12-04T20:01:21.874888581Z"), 5, 7, 7, null);
        assertEquals(
                "{\"action\":\"set\",\"node\":{\"key\":\"/foo\",\"value\":\"bar\","
                        + "\"expiration\":\"2013-12-04T20:01:21.874888581Z\",\"ttl\":5,\"modifiedIndex\":7,"
                        + "\"createdIndex\":7}}",
                json(new Event(Action.SET, n, null, 7)));
        NodeView d = new NodeView("/d", null, true, Instant.parse("2013-12-04T20:01:21Z"), 30, 8, 8, null);
        assertEquals(
                "{\"action\":\"update\",\"node\":{\"key\":\"/d\",\"dir\":true,"
                        + "\"expiration\":\"2013-12-04T20:01:21Z\",\"ttl\":30,\"modifiedIndex\":8,\"createdIndex\":8}}",
                json(new Event(Action.UPDATE, d, null, 8)));
    }

    @Test
    void stringsAreEscapedAsJsonAndUnicodeKeptAsUtf8() {
        Event e = new Event(Action.SET, key("/日本", "a\"b\\c\nd\te", 9, 9), null, 9);
        assertEquals(
                "{\"action\":\"set\",\"node\":{\"key\":\"/日本\",\"value\":\"a\\\"b\\\\c\\nd\\te\","
                        + "\"modifiedIndex\":9,\"createdIndex\":9}}",
                json(e));
    }

    @ParameterizedTest
    @CsvSource({
        "2013-12-04T20:01:21.874888581Z, 2013-12-04T20:01:21.874888581Z",
        "2013-12-04T20:01:21.500Z,       2013-12-04T20:01:21.5Z",
        "2013-12-04T20:01:21Z,           2013-12-04T20:01:21Z",
        "2013-12-04T20:01:21.000000100Z, 2013-12-04T20:01:21.0000001Z",
        "2013-12-04T20:01:21.010Z,       2013-12-04T20:01:21.01Z",
        "1970-01-01T00:00:00Z,           1970-01-01T00:00:00Z",
        "2024-02-29T23:59:59.999999999Z, 2024-02-29T23:59:59.999999999Z",
        "0099-01-02T03:04:05Z,           0099-01-02T03:04:05Z",
    })
    void rfc3339NanoTrimsTrailingZeros(String instant, String expected) {
        assertEquals(expected, EtcdJson.rfc3339Nano(Instant.parse(instant)));
    }

    @Test
    void errorBodyEndsWithNewline() {
        String body = new String(
                EtcdJson.error(new StoreException(ErrorCode.KEY_NOT_FOUND, "/foo", 12)), StandardCharsets.UTF_8);
        assertEquals("{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/foo\",\"index\":12}\n", body);
    }

    @Test
    void errorCauseOmittedWhenNullOrEmpty() {
        String expected = "{\"errorCode\":301,\"message\":\"During Leader Election\",\"index\":3}\n";
        assertEquals(
                expected,
                new String(
                        EtcdJson.error(new StoreException(ErrorCode.LEADER_ELECT, null, 3)), StandardCharsets.UTF_8));
        assertEquals(
                expected,
                new String(EtcdJson.error(new StoreException(ErrorCode.LEADER_ELECT, "", 3)), StandardCharsets.UTF_8));
    }

    @Test
    void compareFailedCause() {
        String body = new String(
                EtcdJson.error(new StoreException(ErrorCode.TEST_FAILED, "[two != one]", 8)), StandardCharsets.UTF_8);
        assertEquals(
                "{\"errorCode\":101,\"message\":\"Compare failed\",\"cause\":\"[two != one]\",\"index\":8}\n", body);
    }

    /** Go's time.Duration.String() (src/time/time.go): expected strings are what Go prints for these values. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0|0s",
                "1|1ns",
                "999|999ns",
                "1000|1µs",
                "1500|1.5µs",
                "1000001|1.000001ms",
                "500000000|500ms",
                "999999999|999.999999ms",
                "1000000000|1s",
                "1500000000|1.5s",
                "59999999999|59.999999999s",
                "60000000000|1m0s",
                "61000000000|1m1s",
                "3600000000000|1h0m0s",
                "4751469872568|1h19m11.469872568s",
                "7200500000000|2h0m0.5s",
                "360000000000000|100h0m0s",
                "-1500000000|-1.5s",
                "-1|-1ns",
            })
    void goDurationFormatting(long nanos, String expected) {
        assertEquals(expected, GoDuration.format(Duration.ofNanos(nanos)));
    }

    @Test
    void goDurationUsesTheMicroSign() {
        // Go writes U+00B5 MICRO SIGN, not U+03BC GREEK SMALL LETTER MU.
        assertEquals("2\u00b5s", GoDuration.format(Duration.ofNanos(2000)));
    }
}
