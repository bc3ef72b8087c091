package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcdj.server.acceptance.EtcdCluster.Member;
import io.etcdj.server.acceptance.EtcdCluster.Resp;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's Prometheus on a real three-member cluster: /metrics on every client and peer port, fetched with
 * curl and parsed by Python's prometheus_client (a real Prometheus text parser), has etcd's families with the right
 * types; writes and reads move them; a leader stopped shows up as a leader change on a survivor.
 */
@ExtendWith(LogTailOnFailure.class)
class MetricsScrapeTest {
    private static final int SECONDS = 30;
    private static final int WRITES = 25;
    private static final int READS = 12;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private EtcdCluster cluster;

    @AfterEach
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void familiesParseAndMoveUnderLoad() throws Exception {
        ScrapedMetrics.requireParser();
        cluster = new EtcdCluster(tmp);
        List<Member> all = cluster.startSeedThree();
        Member leader = cluster.awaitLeader(SECONDS, all);
        Map<String, String> memberIds = memberIds(leader);

        // Every port answers in the 0.0.4 text format, and the parser finds every family with its type.
        Map<Member, ScrapedMetrics> before = new HashMap<>();
        for (Member m : all) {
            for (String url : List.of(m.clientUrl() + "/metrics", m.peerUrl() + "/metrics")) {
                ScrapedMetrics s = scrape(url);
                ScrapedMetrics.MEMBER_FAMILIES.forEach(
                        (family, type) -> assertEquals(type, s.type(family), family + " on " + url + "\n" + s.text()));
                if (url.startsWith(m.clientUrl())) {
                    before.put(m, s);
                }
            }
        }
        // HEAD is fine, other methods are not.
        Resp head = cluster.curl("-I", leader.clientUrl() + "/metrics");
        assertEquals(200, head.status(), head.toString());
        Resp post = cluster.curl("-X", "POST", leader.clientUrl() + "/metrics");
        assertEquals(405, post.status(), post.toString());

        // Load: N sets through the leader, M reads on a follower.
        Member reader = all.stream().filter(m -> m != leader).findFirst().orElseThrow();
        for (int i = 0; i < WRITES; i++) {
            EtcdCluster.set(leader, "/metrics-test/k" + i, "v" + i, SECONDS);
        }
        EtcdCluster.awaitLocalValue(reader, "/metrics-test/k" + (WRITES - 1), "v" + (WRITES - 1), SECONDS);
        for (int i = 0; i < READS; i++) {
            Resp r = cluster.curl(reader.clientUrl() + "/v2/keys/metrics-test/k" + i);
            assertEquals(200, r.status(), r.toString());
        }

        // Every member applies every set: writes{set} moves by exactly N once all are applied.
        for (Member m : all) {
            ScrapedMetrics was = before.get(m);
            double setsBefore = setCount(was);
            EtcdCluster.await(SECONDS, () -> {
                double now = setCount(scrapeQuietly(m.clientUrl() + "/metrics"));
                return now >= setsBefore + WRITES
                        ? null
                        : m + " writes{set} " + now + ", expected " + setsBefore + " + " + WRITES;
            });
            ScrapedMetrics after = scrape(m.clientUrl() + "/metrics");
            assertEquals(setsBefore + WRITES, setCount(after), "writes_total{action=set} on " + m);
            assertTrue(
                    counter(after, "etcd_server_proposals_committed")
                            >= counter(was, "etcd_server_proposals_committed") + WRITES,
                    "proposals_committed_total grew by N on " + m);
            assertTrue(
                    counter(after, "etcd_server_proposals_applied")
                            >= counter(was, "etcd_server_proposals_applied") + WRITES,
                    "proposals_applied_total grew by N on " + m);
            assertTrue(
                    fsyncCount(after) > fsyncCount(was),
                    "the WAL fsync histogram counted the writes on " + m + "\n" + after.text());
            assertTrue(
                    after.sum("etcd_network_peer_sent_bytes", "etcd_network_peer_sent_bytes_total")
                            > was.sum("etcd_network_peer_sent_bytes", "etcd_network_peer_sent_bytes_total"),
                    "peer sent bytes grew on " + m);
            assertEquals(1.0, after.value("etcd_server_has_leader", "etcd_server_has_leader"), "has_leader on " + m);
            assertEquals(0.0, after.value("etcd_server_proposals_failed", "etcd_server_proposals_failed_total"));
            // Wired to the member's transport (a unit test checks it follows the count): nobody gave up on this one.
            assertEquals(0.0, after.value("etcdj_peer_late_answers", "etcdj_peer_late_answers_total"), "on " + m);
            // Peer labels: other members' ids as /v2/members prints them. The leader talks to every follower; a
            // follower to the leader at least (and to whoever led before, while starting).
            Set<String> others = new HashSet<>(memberIds.values());
            others.remove(memberIds.get(m.name));
            for (String family : List.of("etcd_network_peer_sent_bytes", "etcd_network_peer_received_bytes")) {
                String label = family.endsWith("sent_bytes") ? "To" : "From";
                Set<String> peers = new HashSet<>(after.labelValues(family, family + "_total", label));
                String what = family + " on " + m + " (leader " + leader + "): " + peers + ", others " + others;
                assertTrue(others.containsAll(peers), what);
                if (m == leader) {
                    assertEquals(others, peers, what);
                } else {
                    assertTrue(peers.contains(memberIds.get(leader.name)), what);
                }
            }
        }
        ScrapedMetrics readerAfter = scrape(reader.clientUrl() + "/metrics");
        assertTrue(
                readerAfter.value("etcd_debugging_store_reads", "etcd_debugging_store_reads_total", "action", "get")
                        >= before.get(reader)
                                        .value(
                                                "etcd_debugging_store_reads",
                                                "etcd_debugging_store_reads_total",
                                                "action",
                                                "get")
                                + READS,
                "reads_total{action=get} grew by M on the member read from");

        // Exactly one leader; its heartbeat round trips are per follower.
        double leaders = 0;
        for (Member m : all) {
            leaders += scrape(m.clientUrl() + "/metrics").value("etcd_server_is_leader", "etcd_server_is_leader");
        }
        assertEquals(1.0, leaders, "is_leader summed over the members");
        ScrapedMetrics onLeader = scrape(leader.clientUrl() + "/metrics");
        assertEquals("histogram", onLeader.type("etcd_network_peer_round_trip_time_seconds"));
        List<String> followers = onLeader.labelValues(
                "etcd_network_peer_round_trip_time_seconds", "etcd_network_peer_round_trip_time_seconds_count", "To");
        Set<String> followerIds = new HashSet<>(memberIds.values());
        followerIds.remove(memberIds.get(leader.name));
        assertEquals(followerIds, new HashSet<>(followers), "round-trip series on the leader");
        for (String to : followers) {
            assertTrue(
                    onLeader.value(
                                    "etcd_network_peer_round_trip_time_seconds",
                                    "etcd_network_peer_round_trip_time_seconds_count",
                                    "To",
                                    to)
                            > 0,
                    "heartbeat round trips to " + to + " observed");
        }

        // The leader stops: a survivor sees a new leader, counted. The leader is asked again here: a loaded machine
        // may have held an election since the start, and stopping a follower would change no leader.
        Member current = cluster.awaitLeader(SECONDS, all);
        List<Member> survivors = all.stream().filter(m -> m != current).toList();
        Map<Member, Double> changesBefore = new HashMap<>();
        for (Member m : survivors) {
            changesBefore.put(m, counter(scrape(m.clientUrl() + "/metrics"), "etcd_server_leader_changes_seen"));
        }
        current.process.stop();
        Member newLeader = cluster.awaitLeader(SECONDS, survivors);
        for (Member m : survivors) {
            EtcdCluster.await(SECONDS, () -> {
                ScrapedMetrics s = scrapeQuietly(m.clientUrl() + "/metrics");
                double changes = counter(s, "etcd_server_leader_changes_seen");
                double hasLeader = s.value("etcd_server_has_leader", "etcd_server_has_leader");
                return changes > changesBefore.get(m) && hasLeader == 1.0
                        ? null
                        : m + " leader_changes_seen " + changes + " (was " + changesBefore.get(m) + "), has_leader "
                                + hasLeader + "; new leader " + newLeader;
            });
        }
    }

    /** Member name to id, as /v2/members prints them. */
    private Map<String, String> memberIds(Member via) throws Exception {
        Resp r = cluster.curl(via.clientUrl() + "/v2/members");
        assertEquals(200, r.status(), r.toString());
        Map<String, String> ids = new HashMap<>();
        for (JsonNode m : r.json().path("members")) {
            ids.put(m.path("name").asText(), m.path("id").asText());
        }
        assertEquals(3, ids.size(), r.toString());
        return ids;
    }

    private ScrapedMetrics scrape(String url) throws Exception {
        Resp r = cluster.curl(url);
        assertEquals(200, r.status(), url + ": " + r);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.header("Content-Type"), url);
        return ScrapedMetrics.parse(r.body(), tmp);
    }

    private ScrapedMetrics scrapeQuietly(String url) {
        try {
            return scrape(url);
        } catch (Exception e) {
            throw new AssertionError(url + ": " + e, e);
        }
    }

    private static double setCount(ScrapedMetrics s) {
        return s.value("etcd_debugging_store_writes", "etcd_debugging_store_writes_total", "action", "set");
    }

    private static double counter(ScrapedMetrics s, String family) {
        return s.value(family, family + "_total");
    }

    private static double fsyncCount(ScrapedMetrics s) {
        return s.value("etcd_disk_wal_fsync_duration_seconds", "etcd_disk_wal_fsync_duration_seconds_count");
    }
}
