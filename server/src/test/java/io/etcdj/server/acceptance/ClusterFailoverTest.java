package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcdj.server.acceptance.EtcdCluster.Member;
import io.etcdj.server.acceptance.EtcdCluster.Resp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed's failure walkthrough on a three-member cluster started with the seed's commands: SIGKILL the leader
 * while clients write through the followers, a new leader is elected among the two others within bounded time,
 * every acknowledged write is there (quorum read) and writes go on; the killed member restarts on its data dir and
 * catches up; then all three go down (SIGTERM, SIGTERM, SIGKILL) and come back with every acknowledged write.
 */
@ExtendWith(LogTailOnFailure.class)
class ClusterFailoverTest {
    private static final int WRITERS = 3;
    private static final int ELECTION_SECONDS = 20;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private EtcdCluster cluster;

    record Ack(String value, long index) {}

    @AfterEach
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Plain peers, and again with mutual TLS between the members (same walkthrough, same assertions). */
    @ParameterizedTest(name = "peer TLS: {0}")
    @ValueSource(booleans = {false, true})
    void leaderKilledRestartedAndWholeClusterRestarted(boolean peerTls) throws Exception {
        cluster = peerTls ? EtcdCluster.withPeerTls(tmp) : new EtcdCluster(tmp);
        Member m1 = cluster.member("machine1");
        Member m2 = cluster.member("machine2");
        Member m3 = cluster.member("machine3");
        Map<Member, String> peersArg = new HashMap<>();
        peersArg.put(m2, m1.peerAddr());
        peersArg.put(m3, m1.peerAddr());
        m1.start(null);
        m2.start(peersArg.get(m2));
        m3.start(peersArg.get(m3));
        List<Member> all = List.of(m1, m2, m3);
        Member oldLeader = cluster.awaitLeader(ELECTION_SECONDS, all);
        List<Member> survivors = all.stream().filter(m -> m != oldLeader).toList();

        // Clients write distinct keys through the two followers (307 to the leader, re-sent), before and after the
        // leader is SIGKILLed; only acknowledged writes are recorded.
        Map<String, Ack> acked = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger failedAttempts = new AtomicInteger();
        Map<String, Integer> ioErrors = new ConcurrentHashMap<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            int thread = t;
            Thread w = new Thread(
                    () -> {
                        for (int n = 0; !stop.get(); n++) {
                            Member via = survivors.get((thread + n) % survivors.size());
                            String key = "/failover/" + thread + "-" + n;
                            String value = "v" + thread + "-" + n;
                            try {
                                Resp r = EtcdCluster.follow("PUT", via.url("/v2/keys" + key), EtcdCluster.form(value));
                                if (r.status() == 201) {
                                    JsonNode node = r.json().path("node");
                                    if (!node.path("value").asText().equals(value)) {
                                        problems.add(key + ": " + r);
                                    }
                                    acked.put(
                                            key,
                                            new Ack(
                                                    value,
                                                    node.path("modifiedIndex").asLong()));
                                    continue;
                                }
                                // during an election: 500 with errorCode 300 or 301 is the documented answer
                                int code = r.status() == 500
                                        ? r.json().path("errorCode").asInt()
                                        : -1;
                                if (code != 300 && code != 301) {
                                    problems.add(key + " through " + via + ": " + r);
                                }
                            } catch (IOException e) {
                                // the 307 led to the killed leader, or a connection broke: not acknowledged
                                ioErrors.merge(via + ": " + e, 1, Integer::sum);
                            } catch (InterruptedException e) {
                                return;
                            }
                            failedAttempts.incrementAndGet();
                            try {
                                Thread.sleep(20); // back-off before the next key
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "failover-writer-" + t);
            w.setDaemon(true);
            writers.add(w);
        }
        writers.forEach(Thread::start);
        try {
            EtcdCluster.await(
                    20,
                    () -> acked.size() >= 150 || !problems.isEmpty()
                            ? null
                            : acked.size() + " writes acknowledged before the kill");
            assertTrue(problems.isEmpty(), "writes failed before the kill: " + problems);
            int beforeKill = acked.size();
            long killedAt = System.nanoTime();
            oldLeader.process.kill();
            Member newLeader = cluster.awaitLeader(ELECTION_SECONDS, survivors);
            long electionMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertNotEquals(oldLeader, newLeader);
            int atElection = acked.size();
            EtcdCluster.await(
                    20,
                    () -> acked.size() >= atElection + 100
                            ? null
                            : (acked.size() - atElection)
                                    + " writes acknowledged since the new leader was elected; problems " + problems
                                    + "; connection errors " + ioErrors);
            System.out.println("ClusterFailoverTest: killed leader " + oldLeader + " after " + beforeKill
                    + " acknowledged writes; " + newLeader + " led " + electionMs + " ms later; "
                    + failedAttempts.get() + " attempts refused meanwhile; connection errors " + ioErrors);
        } finally {
            stop.set(true);
            for (Thread w : writers) {
                w.join(TimeUnit.SECONDS.toMillis(30));
                if (w.isAlive()) {
                    fail(w.getName() + " still running 30 s after being told to stop");
                }
            }
        }
        assertTrue(problems.isEmpty(), "unexpected answers: " + problems);
        Member newLeader = cluster.awaitLeader(ELECTION_SECONDS, survivors);

        // Every acknowledged write, through a quorum read on each survivor (a follower redirects it to the leader)
        for (Member m : survivors) {
            assertAllAcked(listing(m, "?recursive=true&quorum=true", true), acked, "quorum read through " + m);
            assertAllAcked(listing(m, "?recursive=true&consistent=true", true), acked, "consistent read through " + m);
        }
        // /v2/leader on a survivor names the new leader's peer URL; /v2/machines still lists all three members
        for (Member m : survivors) {
            Resp l = EtcdCluster.get(m.url("/v2/leader"));
            assertEquals(newLeader.peerUrl(), l.body(), "/v2/leader on " + m);
            Resp machines = EtcdCluster.get(m.url("/v2/machines"));
            assertTrue(machines.body().startsWith(newLeader.clientUrl()), machines.toString());
        }
        // Writes work through either survivor
        for (Member m : survivors) {
            String key = "/failover/after-" + m.name;
            long index = EtcdCluster.set(m, key, "written through " + m, 10);
            acked.put(key, new Ack("written through " + m, index));
        }

        // The killed member restarts on its data dir with its own command and catches up
        oldLeader.start(peersArg.get(oldLeader));
        String last = lastKey(acked);
        EtcdCluster.awaitLocalValue(oldLeader, last, acked.get(last).value(), 20);
        assertAllAcked(listing(oldLeader, "?recursive=true", false), acked, "local read on the restarted " + oldLeader);
        Member leaderNow = cluster.awaitLeader(ELECTION_SECONDS, all);
        JsonNode self = EtcdCluster.get(oldLeader.url("/v2/stats/self")).json();
        assertEquals(
                oldLeader == leaderNow ? "leader" : "follower",
                self.path("state").asText(),
                self.toString());
        String key = "/failover/after-rejoin";
        acked.put(key, new Ack("rejoined", EtcdCluster.set(oldLeader, key, "rejoined", 10)));
        for (Member m : all) {
            EtcdCluster.awaitLocalValue(m, key, "rejoined", 10);
        }

        // All three down: two clean stops and a SIGKILL of the leader, then all three restarted with their commands
        Member leaderBeforeShutdown = leaderNow;
        for (Member m : all) {
            if (m != leaderBeforeShutdown) {
                int code = m.process.stop();
                System.out.println("ClusterFailoverTest: " + m + " exited " + code + " on SIGTERM");
            }
        }
        leaderBeforeShutdown.process.kill();
        for (Member m : all) {
            m.launch(peersArg.get(m));
        }
        for (Member m : all) {
            m.awaitReady();
        }
        Member leaderAfter = cluster.awaitLeader(ELECTION_SECONDS, all);
        System.out.println("ClusterFailoverTest: after the full restart " + leaderAfter + " leads");
        for (Member m : all) {
            assertAllAcked(
                    listing(m, "?recursive=true&quorum=true", true),
                    acked,
                    "quorum read through " + m + " after the full restart");
        }
        last = lastKey(acked);
        for (Member m : all) {
            EtcdCluster.awaitLocalValue(m, last, acked.get(last).value(), 20);
            assertAllAcked(
                    listing(m, "?recursive=true", false), acked, "local read on " + m + " after the full restart");
        }
        long maxAcked = acked.values().stream().mapToLong(Ack::index).max().orElseThrow();
        for (Member m : all) {
            String k = "/failover/after-restart-" + m.name;
            long index = EtcdCluster.set(m, k, "ok", 10);
            assertTrue(
                    index > maxAcked,
                    "a write after the full restart got index " + index + ", not above the highest acknowledged "
                            + maxAcked);
        }
        for (Member m : all) {
            EtcdCluster.awaitLocalValue(m, "/failover/after-restart-machine3", "ok", 10);
        }
    }

    private static String lastKey(Map<String, Ack> acked) {
        return acked.entrySet().stream()
                .max(Map.Entry.comparingByValue(Comparator.comparingLong(Ack::index)))
                .orElseThrow()
                .getKey();
    }

    /** GET /v2/keys/failover with this query on {@code m}, following redirects if asked. */
    private static Map<String, Ack> listing(Member m, String query, boolean follow) throws Exception {
        Resp r = follow
                ? EtcdCluster.follow("GET", m.url("/v2/keys/failover" + query), null)
                : EtcdCluster.get(m.url("/v2/keys/failover" + query));
        assertEquals(200, r.status(), r.toString());
        Map<String, Ack> present = new HashMap<>();
        for (JsonNode n : r.json().path("node").path("nodes")) {
            present.put(
                    n.path("key").asText(),
                    new Ack(n.path("value").asText(), n.path("modifiedIndex").asLong()));
        }
        return present;
    }

    private static void assertAllAcked(Map<String, Ack> present, Map<String, Ack> acked, String what) {
        List<String> lost = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, Ack> e : acked.entrySet()) {
            Ack now = present.get(e.getKey());
            if (now == null) {
                lost.add(e.getKey() + "@" + e.getValue().index());
            } else if (!now.equals(e.getValue())) {
                changed.add(e.getKey() + ": acknowledged " + e.getValue() + ", now " + now);
            }
        }
        assertTrue(
                lost.isEmpty() && changed.isEmpty(),
                what + ": " + lost.size() + " of " + acked.size()
                        + " acknowledged writes missing (first: "
                        + lost.stream().sorted().limit(10).toList() + "), "
                        + changed.size() + " changed ("
                        + changed.stream().limit(10).toList() + ")");
    }
}
