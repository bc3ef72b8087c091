package io.etcdj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    private final TestClock clock = new TestClock();
    private final V2Store store = new V2Store(clock);

    @Test
    void everyOperationCountsOnceInItsCategory() throws Exception {
        store.set("/a", false, "1", clock.instant().plusSeconds(1));
        assertThrows(StoreException.class, () -> store.set("/a/b", false, "x", null));
        store.get("/a", false, false);
        store.get("/a", false, false);
        assertThrows(StoreException.class, () -> store.get("/zz", false, false));
        store.create("/c", false, "1", false, null);
        assertThrows(StoreException.class, () -> store.create("/c", false, "1", false, null));
        store.update("/c", "2", null);
        assertThrows(StoreException.class, () -> store.update("/nope", "2", null));
        store.compareAndSwap("/c", "2", 0, "3", null);
        assertThrows(StoreException.class, () -> store.compareAndSwap("/c", "2", 0, "3", null));
        store.set("/d", false, "1", null);
        store.compareAndDelete("/d", "1", 0);
        assertThrows(StoreException.class, () -> store.compareAndDelete("/c", "9", 0));
        store.delete("/c", false, false);
        assertThrows(StoreException.class, () -> store.delete("/c", false, false));
        store.deleteExpiredKeys(clock.instant().plusSeconds(1));
        store.watch("/w", false, false, 0, new Recorder());
        store.watch("/w", true, true, 0, new Recorder());

        LinkedHashMap<String, Long> expected = new LinkedHashMap<>();
        long[] values = {2, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2};
        String[] names = {
            "getsSuccess",
            "getsFail",
            "setsSuccess",
            "setsFail",
            "deleteSuccess",
            "deleteFail",
            "updateSuccess",
            "updateFail",
            "createSuccess",
            "createFail",
            "compareAndSwapSuccess",
            "compareAndSwapFail",
            "compareAndDeleteSuccess",
            "compareAndDeleteFail",
            "expireCount",
            "watchers"
        };
        for (int i = 0; i < names.length; i++) {
            expected.put(names[i], values[i]);
        }
        LinkedHashMap<String, Long> actual = store.stats();
        assertEquals(expected, actual);
        assertEquals(List.of(names), List.copyOf(actual.keySet()), "etcd's order");
    }
}
