package io.etcdj.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotTest {
    private final TestClock clock = new TestClock();

    private V2Store populated() throws StoreException {
        V2Store s = new V2Store(clock);
        Instant t0 = clock.instant();
        s.set("/z", false, "last letter, first key", null);
        s.set("/dir/sub/leaf", false, "quotes \" and \\ and \n and ünïcödé ✓", t0.plusNanos(1_500_000_001L));
        s.set("/dir/empty", true, null, t0.plusSeconds(30));
        s.set("/_hidden/k", false, "", null);
        s.create("/queue", false, "job", true, null);
        s.update("/dir", "", t0.plusSeconds(90)); // a directory whose modifiedIndex lags its last event
        s.set("/a", false, "x", null);
        s.delete("/a", false, false);
        return s;
    }

    @Test
    void roundTripGivesTheSameTreeIndexAndTtls() throws Exception {
        V2Store original = populated();
        byte[] snap = original.save();

        V2Store copy = new V2Store(clock);
        copy.set("/junk", false, "replaced by recover", clock.instant().plusSeconds(1));
        copy.recover(snap);

        assertEquals(original.index(), copy.index());
        assertEquals(original.get("/", true, false), copy.get("/", true, false), "same tree in the same order");
        assertEquals(original.get("/_hidden", true, false), copy.get("/_hidden", true, false));
        assertEquals(original.get("/dir", false, false), copy.get("/dir", false, false));
        assertEquals(original.nextExpiration(), copy.nextExpiration());
        assertArrayEquals(snap, copy.save());

        Instant cutoff = clock.instant().plusSeconds(30);
        assertEquals(keys(original.deleteExpiredKeys(cutoff)), keys(copy.deleteExpiredKeys(cutoff)));
        assertEquals(original.get("/", true, true), copy.get("/", true, true));
        assertEquals(original.index(), copy.index());
    }

    @Test
    void aBadSnapshotLeavesTheStoreAsItWas() throws Exception {
        V2Store s = populated();
        byte[] before = s.save();
        for (String bad : List.of(
                "",
                "{",
                "[]",
                "{\"formatVersion\":1,\"index\":3}",
                "{\"formatVersion\":9,\"index\":3,\"root\":{\"createdIndex\":0,\"modifiedIndex\":0,\"dir\":true,\"children\":[]}}",
                "{\"formatVersion\":1,\"index\":3,\"root\":{\"createdIndex\":0,\"modifiedIndex\":0,\"dir\":true,"
                        + "\"children\":[{\"name\":\"k\",\"createdIndex\":1,\"modifiedIndex\":1,\"expiration\":\"soon\",\"value\":\"v\"}]}}")) {
            assertThrows(IOException.class, () -> s.recover(bad.getBytes(StandardCharsets.UTF_8)), bad);
            assertArrayEquals(before, s.save(), bad);
        }
    }

    private static List<String> keys(List<Event> events) {
        return events.stream().map(e -> e.node().key()).toList();
    }
}
