package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.server.config.ServerConfig.ActiveSet;
import io.etcdj.store.Store;
import io.etcdj.store.V2Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The cluster config's JSON as /v2/admin/config prints and takes it (etcd 0.4.6's cluster_config.go). */
class ClusterConfigTest {
    private static final ActiveSet CURRENT = new ActiveSet(5, 30, 2);

    private static ActiveSet put(String body) {
        return ClusterConfig.patch(CURRENT, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void printsWholeNumbersAsGoDid() {
        assertEquals(
                "{\"activeSize\":9,\"removeDelay\":1800,\"syncInterval\":5}", ClusterConfig.toJson(ActiveSet.DEFAULTS));
        assertEquals(
                "{\"activeSize\":3,\"removeDelay\":2.5,\"syncInterval\":1}",
                ClusterConfig.toJson(new ActiveSet(3, 2.5, 1)));
    }

    @Test
    void partialPutKeepsAbsentFields() {
        assertEquals(new ActiveSet(9, 30, 2), put("{\"activeSize\":9}"));
        assertEquals(new ActiveSet(5, 100, 2), put("{\"removeDelay\":100}"));
        assertEquals(CURRENT, put("{}"));
        assertEquals(new ActiveSet(5, 30, 2), put("{\"unknown\":\"ignored\"}"));
    }

    @Test
    void theTutorialsPutIsTakenWhole() {
        assertEquals(new ActiveSet(9, 1800, 5), put("{\"activeSize\":9, \"removeDelay\":1800, \"syncInterval\":5}"));
    }

    @Test
    void valuesUnderTheMinimumsAreRaised() {
        assertEquals(new ActiveSet(3, 2, 1), put("{\"activeSize\":1,\"removeDelay\":0,\"syncInterval\":-5}"));
        ActiveSet raised = put("{\"activeSize\":-2147483648,\"removeDelay\":-1e300}");
        assertEquals(3, raised.activeSize());
        assertEquals(2.0, raised.removeDelaySeconds());
    }

    @Test
    void hostileBodiesAreRefusedWithAReason() {
        for (String bad : new String[] {
            "",
            "not json",
            "[1,2]",
            "9",
            "null",
            "{\"activeSize\":\"9\"}",
            "{\"activeSize\":9.5}",
            "{\"activeSize\":1e30}",
            "{\"activeSize\":true}",
            "{\"removeDelay\":\"1800\"}",
            "{\"removeDelay\":1e308}",
            "{\"syncInterval\":{}}",
            "{\"activeSize\":4,\"activeSize\":5}",
            "{\"activeSize\":4",
            "{" + "\"a\":[".repeat(50) + "]".repeat(50) + "}",
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> put(bad), bad);
            assertTrue(!e.getMessage().isBlank(), bad);
        }
        byte[] huge = ("{\"x\":\"" + "a".repeat(ClusterConfig.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.patch(CURRENT, huge));
    }

    @Test
    void readsTheStoredConfigOrTheFallback() throws Exception {
        Store store = new V2Store(Clock.systemUTC());
        assertEquals(CURRENT, ClusterConfig.read(store, CURRENT));
        store.set(
                ClusterConfig.KEY,
                false,
                "{\"activeSize\":7,\"removeDelay\":60,\"syncInterval\":3}",
                (java.time.Instant) null);
        assertEquals(new ActiveSet(7, 60, 3), ClusterConfig.read(store, CURRENT));
        store.set(ClusterConfig.KEY, false, "damaged{", (java.time.Instant) null);
        assertEquals(CURRENT, ClusterConfig.read(store, CURRENT));
    }
}
