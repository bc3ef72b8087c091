package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster formed with -cluster-* flags keeps that config in its log: the member restarted without the flags (or
 * with others) still answers the cluster's config, and the config is readable at the hidden key /_etcd/config. (A
 * cluster formed with the defaults writes nothing: SeedReadmeCurlTest checks the seed's indices.)
 */
class ClusterConfigFromFlagsTest {
    @TempDir
    Path tmp;

    @Test
    void theFormingMembersClusterFlagsSurviveARestartWithoutThem() throws Exception {
        Path dataDir = tmp.resolve("machine0");
        int client = EtcdProcess.freePort();
        int peer = EtcdProcess.freePort();
        String expected = "{\"activeSize\":5,\"removeDelay\":60,\"syncInterval\":2}";
        try (EtcdProcess first = EtcdProcess.start(
                dataDir,
                client,
                peer,
                tmp.resolve("first.log"),
                "-cluster-active-size",
                "5",
                "-cluster-remove-delay",
                "60",
                "-cluster-sync-interval",
                "2")) {
            assertEquals(expected, get("http://127.0.0.1:" + peer + "/v2/admin/config"));
            String stored = get(first.base() + "/v2/keys/_etcd/config");
            assertTrue(stored.contains("\"value\":\"" + expected.replace("\"", "\\\"") + "\""), stored);
            first.stop();
        }
        try (EtcdProcess again = EtcdProcess.start(dataDir, client, peer, tmp.resolve("again.log"))) {
            assertEquals(
                    expected,
                    get("http://127.0.0.1:" + peer + "/v2/admin/config"),
                    "restarted with the default flags, the member must answer the cluster's stored config");
            again.stop();
        }
    }

    private static String get(String url) throws Exception {
        return EtcdProcess.HTTP
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
