package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcdj.server.acceptance.EtcdCluster.Member;
import io.etcdj.server.acceptance.EtcdCluster.Resp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A follower that is down while the leader takes far more than -snapshot-count plus the ~5,000 entries it keeps
 * behind a snapshot catches up by InstallSnapshot when it comes back: its log says so and its local reads show every
 * acknowledged write.
 */
@ExtendWith(LogTailOnFailure.class)
class ClusterSnapshotCatchUpTest {
    private static final int WRITES = 8_000;
    private static final int CLIENTS = 8;
    private static final String[] SNAP = {"-snapshot-count", "1000"};

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private EtcdCluster cluster;

    @AfterEach
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Plain peers, and again with mutual TLS between the members (the snapshot streams over TLS). */
    @ParameterizedTest(name = "peer TLS: {0}")
    @ValueSource(booleans = {false, true})
    void followerDownForEightThousandWritesCatchesUpBySnapshot(boolean peerTls) throws Exception {
        cluster = peerTls ? EtcdCluster.withPeerTls(tmp) : new EtcdCluster(tmp);
        List<Member> seedThree = cluster.startSeedThree(SNAP);
        Member m1 = seedThree.get(0);
        Member m2 = seedThree.get(1);
        Member m3 = seedThree.get(2);
        List<Member> all = List.of(m1, m2, m3);
        Member leader = cluster.awaitLeader(20, all);
        Member down = all.stream().filter(m -> m != leader).reduce((a, b) -> b).orElseThrow();
        String downPeers = down == m1 ? null : m1.peerAddr();
        EtcdCluster.set(leader, "/snap/first", "before the stop", 10);
        EtcdCluster.awaitLocalValue(down, "/snap/first", "before the stop", 10);

        down.process.stop();

        // WRITES distinct keys from CLIENTS parallel clients, straight to the leader
        Map<String, Long> acked = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            Thread c = new Thread(
                    () -> {
                        for (int n = next.getAndIncrement();
                                n < WRITES && problems.isEmpty();
                                n = next.getAndIncrement()) {
                            String key = "/snap/k" + n;
                            try {
                                // As a client does: a write refused while leadership moves (300/301, a loaded machine
                                // can
                                // starve heartbeats) is sent again, following the 307 to the new leader if there is
                                // one.
                                acked.put(key, EtcdCluster.set(leader, key, "v" + n, 30));
                            } catch (Throwable e) {
                                problems.add(key + ": " + e);
                                return;
                            }
                        }
                    },
                    "snapshot-writer-" + t);
            c.setDaemon(true);
            clients.add(c);
        }
        clients.forEach(Thread::start);
        for (Thread c : clients) {
            c.join(TimeUnit.SECONDS.toMillis(180));
            if (c.isAlive()) {
                fail(c.getName() + " still writing after 180 s (" + acked.size() + " writes acknowledged)");
            }
        }
        assertTrue(problems.isEmpty(), "writes failed: " + problems);
        assertEquals(WRITES, acked.size());
        long lastIndex = EtcdCluster.set(leader, "/snap/last", "after " + WRITES, 10);
        System.out.println("ClusterSnapshotCatchUpTest: " + WRITES + " writes in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms while " + down
                + " was down; last index " + lastIndex);
        assertTrue(leader.log().contains("saved snapshot"), "the leader saved no snapshot");

        // The stopped follower restarts on its data dir and catches up through the leader's snapshot
        long restartAt = System.nanoTime();
        down.start(downPeers, SNAP);
        EtcdCluster.awaitLocalValue(down, "/snap/last", "after " + WRITES, 30);
        System.out.println("ClusterSnapshotCatchUpTest: " + down + " caught up "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt) + " ms after its restart");
        assertTrue(down.log().contains("installed a snapshot"), down + " did not log 'installed a snapshot'");
        Resp listing = EtcdCluster.get(down.url("/v2/keys/snap?recursive=true"));
        assertEquals(200, listing.status(), listing.toString());
        Map<String, String> present = new HashMap<>();
        Map<String, Long> presentIndex = new HashMap<>();
        for (JsonNode n : listing.json().path("node").path("nodes")) {
            present.put(n.path("key").asText(), n.path("value").asText());
            presentIndex.put(n.path("key").asText(), n.path("modifiedIndex").asLong());
        }
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Long> e : acked.entrySet()) {
            String n = e.getKey().substring("/snap/k".length());
            if (!("v" + n).equals(present.get(e.getKey())) || !e.getValue().equals(presentIndex.get(e.getKey()))) {
                wrong.add(e.getKey() + "@" + e.getValue() + " -> " + present.get(e.getKey()) + "@"
                        + presentIndex.get(e.getKey()));
            }
        }
        assertTrue(
                wrong.isEmpty(),
                wrong.size() + " of " + WRITES + " writes wrong or missing on " + down + ": "
                        + wrong.stream().limit(10).toList());
        assertEquals("before the stop", present.get("/snap/first"));
        assertEquals(WRITES + 2, present.size(), "keys under /snap on " + down);

        // It is a working member again: a write through it (307 to the leader) shows up everywhere
        EtcdCluster.set(down, "/snap/through-" + down.name, "ok", 10);
        for (Member m : all) {
            EtcdCluster.awaitLocalValue(m, "/snap/through-" + down.name, "ok", 10);
        }
        Member leaderNow = cluster.awaitLeader(20, all);
        JsonNode self = EtcdCluster.get(down.url("/v2/stats/self")).json();
        assertEquals(
                down == leaderNow ? "leader" : "follower", self.path("state").asText(), self.toString());
    }
}
