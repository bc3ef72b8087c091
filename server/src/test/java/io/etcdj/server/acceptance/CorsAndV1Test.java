package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.etcdj.server.acceptance.EtcdCluster.Member;
import io.etcdj.server.acceptance.EtcdCluster.Resp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * -cors and the v1 API on three real member processes started with {@code -cors http://page.example:8080}, driven
 * with the real curl as a user would: a browser's preflight and reads from the allowed origin, v1 set, get,
 * test-and-set, delete and a watch on the leader, and a v1 write on a follower redirected (307) to the leader.
 */
@ExtendWith(LogTailOnFailure.class)
class CorsAndV1Test {
    private static final int ELECTION_SECONDS = 20;
    private static final String PAGE = "http://page.example:8080";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private EtcdCluster cluster;
    private Process backgroundCurl;

    @AfterEach
    void stopAll() throws InterruptedException {
        if (backgroundCurl != null && backgroundCurl.isAlive()) {
            backgroundCurl.destroyForcibly();
            backgroundCurl.waitFor(10, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void assertCors(Resp r, String origin) {
        assertEquals(
                origin, r.header("Access-Control-Allow-Origin"), r.headers().toString());
        assertEquals("POST, GET, OPTIONS, PUT, DELETE", r.header("Access-Control-Allow-Methods"));
        assertEquals("accept, content-type", r.header("Access-Control-Allow-Headers"));
    }

    @Test
    void browserOriginAndV1ClientsOnAThreeMemberCluster() throws Exception {
        cluster = new EtcdCluster(tmp);
        List<Member> three = cluster.startSeedThree("-cors", PAGE);
        Member leader = cluster.awaitLeader(ELECTION_SECONDS, three);
        Member follower = three.stream().filter(m -> m != leader).findFirst().orElseThrow();
        String origin = "Origin: " + PAGE;

        // A browser's preflight, then the page's write and read.
        Resp preflight = cluster.curl(
                "-X",
                "OPTIONS",
                "-H",
                origin,
                "-H",
                "Access-Control-Request-Method: PUT",
                leader.clientUrl() + "/v1/keys/message");
        assertEquals(200, preflight.status());
        assertEquals("", preflight.body());
        assertCors(preflight, PAGE);

        Resp set = cluster.curl(
                "-L", "-H", origin, "-X", "PUT", leader.clientUrl() + "/v1/keys/message", "-d", "value=Hello world");
        assertEquals(200, set.status(), set.toString());
        assertCors(set, PAGE);
        long setIndex = set.json().path("index").asLong();
        assertEquals(
                "{\"action\":\"set\",\"key\":\"/message\",\"value\":\"Hello world\",\"newKey\":true,\"index\":"
                        + setIndex + "}",
                set.body());

        Resp get = cluster.curl("-H", origin, leader.clientUrl() + "/v1/keys/message");
        assertEquals(200, get.status(), get.toString());
        assertCors(get, PAGE);
        assertEquals("get", get.json().path("action").asText());
        assertEquals("Hello world", get.json().path("value").asText());

        Resp otherOrigin = cluster.curl("-H", "Origin: http://evil.example", leader.clientUrl() + "/v1/keys/message");
        assertEquals(200, otherOrigin.status(), "0.4.6 served other origins, without CORS headers");
        assertNull(
                otherOrigin.header("Access-Control-Allow-Origin"),
                otherOrigin.headers().toString());

        // Test-and-set: a wrong prevValue fails with 101 (412), the right one swaps.
        Resp casFail = cluster.curl(
                "-L",
                "-X",
                "PUT",
                leader.clientUrl() + "/v1/keys/message",
                "-d",
                "value=Hello etcd",
                "-d",
                "prevValue=nope");
        assertEquals(412, casFail.status(), casFail.toString());
        assertEquals(101, casFail.json().path("errorCode").asInt());
        assertEquals("[nope != Hello world]", casFail.json().path("cause").asText());
        Resp cas = cluster.curl(
                "-L",
                "-X",
                "PUT",
                leader.clientUrl() + "/v1/keys/message",
                "-d",
                "value=Hello etcd",
                "-d",
                "prevValue=Hello world");
        assertEquals(200, cas.status(), cas.toString());
        long casIndex = cas.json().path("index").asLong();
        assertEquals(
                "{\"action\":\"testAndSet\",\"key\":\"/message\",\"prevValue\":\"Hello world\","
                        + "\"value\":\"Hello etcd\",\"index\":" + casIndex + "}",
                cas.body());

        // A page watches from the next index (no race with the write: the event waits in the history if it wins).
        Path watchOut = tmp.resolve("watch.out");
        Path watchHeaders = tmp.resolve("watch.headers");
        backgroundCurl = new ProcessBuilder(
                        "curl",
                        "-s",
                        "-S",
                        "--max-time",
                        "20",
                        "-D",
                        watchHeaders.toString(),
                        "-H",
                        origin,
                        "-X",
                        "POST",
                        leader.clientUrl() + "/v1/watch/message",
                        "-d",
                        "index=" + (casIndex + 1))
                .redirectErrorStream(true)
                .redirectOutput(watchOut.toFile())
                .start();

        Resp deleted = cluster.curl("-L", "-X", "DELETE", leader.clientUrl() + "/v1/keys/message");
        assertEquals(200, deleted.status(), deleted.toString());
        long deleteIndex = deleted.json().path("index").asLong();
        String deleteJson = "{\"action\":\"delete\",\"key\":\"/message\",\"prevValue\":\"Hello etcd\",\"index\":"
                + deleteIndex + "}";
        assertEquals(deleteJson, deleted.body());

        if (!backgroundCurl.waitFor(25, TimeUnit.SECONDS)) {
            fail("the watch did not answer within 25 s: " + Files.readString(watchOut));
        }
        assertEquals(0, backgroundCurl.exitValue(), Files.readString(watchOut));
        assertEquals(deleteJson, Files.readString(watchOut));
        String headers =
                Files.readString(watchHeaders, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        assertTrue(headers.contains("access-control-allow-origin: " + PAGE), headers);

        // A v1 write on a follower is sent to the leader, with the same path and query (what curl -L follows).
        Resp redirect = cluster.curl(
                "-H",
                origin,
                "-X",
                "PUT",
                follower.clientUrl() + "/v1/keys/redirected?ttl=60",
                "-d",
                "value=via follower");
        assertEquals(307, redirect.status(), redirect.toString());
        assertEquals(leader.clientUrl() + "/v1/keys/redirected?ttl=60", redirect.header("Location"));
        assertCors(redirect, PAGE);
        Resp followed = cluster.curl(
                "-L", "-X", "PUT", follower.clientUrl() + "/v1/keys/redirected?ttl=60", "-d", "value=via follower");
        assertEquals(200, followed.status(), followed.toString());
        assertEquals("via follower", followed.json().path("value").asText());
        assertEquals(60, followed.json().path("ttl").asLong(), followed.body());

        // The follower's v1 info routes, and the peer port's admin JSON for the page.
        Resp machines = cluster.curl(follower.clientUrl() + "/v1/machines");
        assertEquals(200, machines.status());
        for (Member m : three) {
            assertTrue(machines.body().contains(m.clientUrl()), machines.body());
        }
        assertEquals(
                leader.peerUrl(),
                cluster.curl(follower.clientUrl() + "/v1/leader").body());
        Resp admin = cluster.curl("-H", origin, follower.peerUrl() + "/v2/admin/machines");
        assertEquals(200, admin.status(), admin.toString());
        assertCors(admin, PAGE);
    }
}
