package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcdj.server.acceptance.EtcdCluster.Member;
import io.etcdj.server.acceptance.EtcdCluster.Resp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README seed's Clustering section: three members started with the seed's commands (free ports instead of
 * 4001-4003/7001-7003, machines/machineN data dirs), then its three curl reads, a write through a follower with
 * {@code curl -L}, and the reads and stats a three-member cluster answers.
 */
@ExtendWith(LogTailOnFailure.class)
class ClusterSeedWalkthroughTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private EtcdCluster cluster;

    @AfterEach
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void threeMachinesAsInTheSeed() throws Exception {
        cluster = new EtcdCluster(tmp);
        Member m1 = cluster.member("machine1");
        Member m2 = cluster.member("machine2");
        Member m3 = cluster.member("machine3");
        // ./etcd -peer-addr 127.0.0.1:7001 -addr 127.0.0.1:4001 -data-dir machines/machine1 -name machine1
        m1.start(null);
        // ./etcd -peer-addr 127.0.0.1:7002 -addr 127.0.0.1:4002 -peers 127.0.0.1:7001 -data-dir ... -name machine2
        m2.start(m1.peerAddr());
        m3.start(m1.peerAddr());
        assertTrue(m2.log().contains("joined the cluster"), "machine2 did not log 'joined the cluster'");
        assertTrue(m3.log().contains("joined the cluster"), "machine3 did not log 'joined the cluster'");
        List<Member> all = List.of(m1, m2, m3);
        Member leader = cluster.awaitLeader(20, all);
        System.out.println("ClusterSeedWalkthroughTest: leader is " + leader);

        // curl -L http://127.0.0.1:4001/v2/machines -> http://127.0.0.1:4001, http://127.0.0.1:4002, ...4003
        Resp machines = cluster.curl("-L", m1.clientUrl() + "/v2/machines");
        assertEquals(200, machines.status(), machines.toString());
        List<String> urls = Arrays.asList(machines.body().split(", "));
        assertEquals(3, urls.size(), machines.body());
        assertEquals(leader.clientUrl(), urls.get(0), "/v2/machines lists the leader first: " + machines.body());
        assertEquals(Set.of(m1.clientUrl(), m2.clientUrl(), m3.clientUrl()), new HashSet<>(urls), machines.body());
        if (leader == m1) {
            assertEquals(
                    m1.clientUrl() + ", " + m2.clientUrl() + ", " + m3.clientUrl(),
                    machines.body(),
                    "the seed's exact answer when machine1 leads");
        }
        // every member lists the same three, the leader first (0.4.6 itself leaves the order of the others to a
        // Go map iteration; etcdj lists the answering member second, so the members differ in that order)
        for (Member m : all) {
            List<String> there = Arrays.asList(
                    cluster.curl("-L", m.clientUrl() + "/v2/machines").body().split(", "));
            assertEquals(leader.clientUrl(), there.get(0), "/v2/machines on " + m + ": " + there);
            assertEquals(new HashSet<>(urls), new HashSet<>(there), "/v2/machines on " + m);
            assertEquals(3, there.size(), "/v2/machines on " + m + ": " + there);
        }

        // curl -L http://127.0.0.1:4001/v2/keys/_etcd/machines -> machine1..3 at createdIndex 1,2,3
        Resp registry = cluster.curl("-L", m1.clientUrl() + "/v2/keys/_etcd/machines");
        assertEquals(200, registry.status(), registry.toString());
        JsonNode dir = registry.json().path("node");
        assertEquals("/_etcd/machines", dir.path("key").asText(), registry.body());
        assertTrue(dir.path("dir").asBoolean(), registry.body());
        List<String> seen = new ArrayList<>();
        for (JsonNode n : dir.path("nodes")) {
            String name = n.path("key").asText().substring("/_etcd/machines/".length());
            Member m = cluster.get(name);
            assertTrue(m != null, "unknown machine " + n);
            int expectedIndex = Integer.parseInt(name.substring("machine".length()));
            assertEquals(expectedIndex, n.path("createdIndex").asInt(), "createdIndex of " + n);
            assertEquals(expectedIndex, n.path("modifiedIndex").asInt(), "modifiedIndex of " + n);
            assertEquals(
                    "etcd=" + enc(m.clientUrl()) + "&raft=" + enc(m.peerUrl()),
                    n.path("value").asText(),
                    "registration of " + name);
            seen.add(name);
        }
        assertEquals(Set.of("machine1", "machine2", "machine3"), new HashSet<>(seen), registry.body());
        assertEquals(3, seen.size(), registry.body());

        // curl -L http://127.0.0.1:4001/v2/leader -> the leader's PEER url
        for (Member m : all) {
            Resp l = cluster.curl("-L", m.clientUrl() + "/v2/leader");
            assertEquals(200, l.status(), l.toString());
            assertEquals(leader.peerUrl(), l.body(), "/v2/leader on " + m);
        }

        // stats/self: exactly one leader, the other two followers, each with its own name and the leader's name
        int leaders = 0;
        for (Member m : all) {
            JsonNode self = cluster.curl("-L", m.clientUrl() + "/v2/stats/self").json();
            assertEquals(m.name, self.path("name").asText(), self.toString());
            assertEquals(leader.name, self.path("leaderInfo").path("leader").asText(), "on " + m + ": " + self);
            String state = self.path("state").asText();
            assertEquals(m == leader ? "leader" : "follower", state, "stats/self on " + m + ": " + self);
            if (state.equals("leader")) {
                leaders++;
            }
        }
        assertEquals(1, leaders);

        // A write on a follower: without -L it is a 307 to the leader's client URL, same path and query ...
        Member follower = all.stream().filter(m -> m != leader).findFirst().orElseThrow();
        Resp redirect = EtcdCluster.send(
                "PUT", follower.url("/v2/keys/message?prevExist=false"), EtcdCluster.form("Hello world"));
        assertEquals(307, redirect.status(), redirect.toString());
        assertEquals(leader.clientUrl() + "/v2/keys/message?prevExist=false", redirect.header("Location"));
        assertEquals(
                404,
                EtcdCluster.get(leader.url("/v2/keys/message")).status(),
                "the 307 must not have written anything");

        // ... and curl -L follows it and re-sends the PUT
        Resp put = cluster.curl("-L", follower.clientUrl() + "/v2/keys/message", "-XPUT", "-d", "value=Hello world");
        assertEquals(201, put.status(), put.toString());
        assertEquals(leader.clientUrl() + "/v2/keys/message", put.header("Location"), "curl went through a 307");
        JsonNode node = put.json().path("node");
        assertEquals("set", put.json().path("action").asText(), put.body());
        assertEquals("/message", node.path("key").asText(), put.body());
        assertEquals("Hello world", node.path("value").asText(), put.body());
        long index = node.path("modifiedIndex").asLong();
        assertEquals(4, index, "the first user write follows the three registrations: " + put.body());

        // A consistent read on a follower goes to the leader and sees the write at once
        Resp consistentRedirect = EtcdCluster.get(follower.url("/v2/keys/message?consistent=true"));
        assertEquals(307, consistentRedirect.status(), consistentRedirect.toString());
        assertEquals(leader.clientUrl() + "/v2/keys/message?consistent=true", consistentRedirect.header("Location"));
        for (Member m : all) {
            Resp r = cluster.curl("-L", m.clientUrl() + "/v2/keys/message?consistent=true");
            // An election (a busy machine can delay heartbeats past the election timeout) fails a quorum read in
            // flight with 300 "... try again", as etcd does; a client tries again, a bounded number of times.
            for (int attempt = 1; attempt < 5 && r.status() == 500 && r.body().contains("try again"); attempt++) {
                cluster.awaitLeader(20, all);
                r = cluster.curl("-L", m.clientUrl() + "/v2/keys/message?consistent=true");
            }
            assertEquals(200, r.status(), "consistent read on " + m + ": " + r);
            assertEquals("Hello world", r.json().path("node").path("value").asText(), r.body());
            assertEquals(index, r.json().path("node").path("modifiedIndex").asLong(), r.body());
        }
        // Plain reads are served locally by every member: each shows the write within bounded time
        for (Member m : all) {
            EtcdCluster.awaitLocalValue(m, "/message", "Hello world", 10);
            Resp r = EtcdCluster.get(m.url("/v2/keys/message"));
            assertEquals(200, r.status(), "a plain GET is not redirected: " + r);
            assertEquals(index, r.json().path("node").path("modifiedIndex").asLong(), r.body());
        }

        // /v2/stats/leader: the leader lists the two followers by name; a follower redirects there
        Resp ls = cluster.curl("-L", leader.clientUrl() + "/v2/stats/leader");
        assertEquals(200, ls.status(), ls.toString());
        assertEquals(leader.name, ls.json().path("leader").asText(), ls.body());
        Set<String> followers = new HashSet<>();
        ls.json().path("followers").fieldNames().forEachRemaining(followers::add);
        Set<String> expectedFollowers = new HashSet<>(Set.of("machine1", "machine2", "machine3"));
        expectedFollowers.remove(leader.name);
        assertEquals(expectedFollowers, followers, ls.body());
        Resp lsRedirect = EtcdCluster.get(follower.url("/v2/stats/leader"));
        assertEquals(307, lsRedirect.status(), lsRedirect.toString());
        assertEquals(leader.clientUrl() + "/v2/stats/leader", lsRedirect.header("Location"));
        Resp lsFollowed = cluster.curl("-L", follower.clientUrl() + "/v2/stats/leader");
        assertEquals(200, lsFollowed.status(), lsFollowed.toString());
        assertEquals(leader.name, lsFollowed.json().path("leader").asText(), lsFollowed.body());

        // The peer port's admin list: the three members with their roles and URLs
        for (Member m : all) {
            Resp admin = EtcdCluster.get(m.peerUri("/v2/admin/machines"));
            assertEquals(200, admin.status(), admin.toString());
            Set<String> rows = new HashSet<>();
            for (JsonNode row : admin.json()) {
                Member r = cluster.get(row.path("name").asText());
                assertTrue(r != null, "unknown member " + row);
                assertEquals(
                        r == leader ? "leader" : "follower", row.path("state").asText(), row.toString());
                assertEquals(r.clientUrl(), row.path("clientURL").asText(), row.toString());
                assertEquals(r.peerUrl(), row.path("peerURL").asText(), row.toString());
                rows.add(r.name);
            }
            assertEquals(Set.of("machine1", "machine2", "machine3"), rows, "admin machines on " + m + ": " + admin);
        }

        // A second write through the other follower and a delete through the leader, read back everywhere
        Member other = all.stream()
                .filter(m -> m != leader && m != follower)
                .findFirst()
                .orElseThrow();
        Resp put2 = cluster.curl("-L", other.clientUrl() + "/v2/keys/message", "-XPUT", "-d", "value=Hello etcd");
        assertEquals(200, put2.status(), put2.toString());
        assertEquals("Hello world", put2.json().path("prevNode").path("value").asText(), put2.body());
        assertNotEquals(index, put2.json().path("node").path("modifiedIndex").asLong());
        for (Member m : all) {
            EtcdCluster.awaitLocalValue(m, "/message", "Hello etcd", 10);
        }
        Resp del = cluster.curl("-L", leader.clientUrl() + "/v2/keys/message", "-XDELETE");
        assertEquals(200, del.status(), del.toString());
        for (Member m : all) {
            EtcdCluster.await(10, () -> {
                try {
                    return EtcdCluster.localValue(m, "/message") == null ? null : "/message still on " + m;
                } catch (Exception e) {
                    return e.toString();
                }
            });
        }
    }
}
