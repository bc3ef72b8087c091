package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcdj.server.acceptance.EtcdCluster.Member;
import io.etcdj.server.acceptance.EtcdCluster.Resp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd 0.4.6's active set with real member processes: a member joining a cluster that has activeSize voters runs as a
 * standby (its client port redirects to the leader), takes the seat of a voter the leader removes after removeDelay,
 * and the cluster config ({@code /v2/admin/config}, the tutorial's two curl lines) is changed through the log, shrinks
 * the cluster when lowered, and survives snapshots and a restart of every member.
 */
@ExtendWith(LogTailOnFailure.class)
class StandbyTest {
    private static final int ELECTION_SECONDS = 30;
    private static final int CHANGE_SECONDS = 60;
    private static final String[] TIMING = {"-peer-heartbeat-interval", "100", "-peer-election-timeout", "1000"};

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private EtcdCluster cluster;

    @AfterEach
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String[] flags(String... more) {
        List<String> all = new ArrayList<>(List.of(TIMING));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aFourthMemberIsAStandbyUntilTheLeaderRemovesADeadVoter() throws Exception {
        String[] flags =
                flags("-cluster-active-size", "3", "-cluster-remove-delay", "2", "-cluster-sync-interval", "1");
        cluster = new EtcdCluster(tmp);
        List<Member> three = cluster.startSeedThree(flags);
        Member m1 = three.get(0);
        Member leader = cluster.awaitLeader(ELECTION_SECONDS, three);
        EtcdCluster.set(leader, "/standby/key", "seen through the standby", 10);

        // The tutorial's GET, on a member started with these flags.
        Resp config = cluster.curl("-L", "http://127.0.0.1:" + three.get(1).peerPort + "/v2/admin/config");
        assertEquals(200, config.status(), config.toString());
        assertEquals("{\"activeSize\":3,\"removeDelay\":2,\"syncInterval\":1}", config.body());

        Member m4 = cluster.member("machine4");
        m4.launch(m1.peerAddr(), flags);
        awaitLog(m4, "runs as a standby");
        assertTrue(Files.exists(m4.dataDir.resolve("standby_info")), "no standby_info in " + m4.dataDir);
        awaitAdminMachines(leader, names(three));

        // A standby restarted on its data dir (no -peers) is a standby again, from standby_info.
        assertEquals(143, m4.process.stop(), "the standby did not stop cleanly (SIGTERM: 143)");
        m4.launch(null, flags);
        awaitLog(m4, "restarts as a standby");

        // Every client request gets a 307 to the leader's client URL, same path and query; curl -L follows it.
        String pathAndQuery = "/v2/keys/standby/key?consistent=true";
        EtcdCluster.await(CHANGE_SECONDS, () -> {
            try {
                Resp r = EtcdCluster.get(m4.url(pathAndQuery));
                String want = leader.clientUrl() + pathAndQuery;
                return r.status() == 307 && want.equals(r.header("Location"))
                        ? null
                        : "GET on the standby: " + r + " Location " + r.header("Location") + ", want 307 to " + want;
            } catch (IOException | InterruptedException e) {
                return e.toString();
            }
        });
        Resp followed = cluster.curl("-L", m4.clientUrl() + pathAndQuery);
        assertEquals(200, followed.status(), followed.toString());
        assertEquals(
                "seen through the standby",
                EtcdCluster.JSON
                        .readTree(followed.body())
                        .path("node")
                        .path("value")
                        .asText());

        // SIGKILL a follower: after removeDelay the leader removes it and the standby takes its seat.
        Member dead = three.stream().filter(m -> m != leader).findFirst().orElseThrow();
        dead.process.kill();
        List<Member> after = new ArrayList<>(three);
        after.remove(dead);
        after.add(m4);
        awaitAdminMachines(leader, names(after));
        awaitLog(m4, "was promoted from standby");
        assertTrue(!Files.exists(m4.dataDir.resolve("standby_info")), "standby_info left after promotion");
        assertTrue(leader.log().contains("removing " + dead.name + ": not heard from"), "no removal logged");

        // Writes continue, through the promoted member too, and it serves them itself.
        EtcdCluster.set(m4, "/standby/after", "written after the promotion", 20);
        EtcdCluster.awaitLocalValue(m4, "/standby/after", "written after the promotion", 20);
        EtcdCluster.awaitLocalValue(m4, "/standby/key", "seen through the standby", 20);
    }

    @Test
    void loweringActiveSizeRemovesAVoterAndTheConfigSurvivesSnapshotsAndRestarts() throws Exception {
        String[] flags = flags(
                "-cluster-active-size",
                "4",
                "-cluster-remove-delay",
                "60",
                "-cluster-sync-interval",
                "1",
                "-snapshot-count",
                "20");
        cluster = new EtcdCluster(tmp);
        List<Member> four = new ArrayList<>(cluster.startSeedThree(flags));
        Member m4 = cluster.member("machine4");
        m4.start(four.get(0).peerAddr(), flags);
        four.add(m4);
        Member leader = cluster.awaitLeader(ELECTION_SECONDS, four);
        awaitAdminMachines(leader, names(four));
        Member follower = four.stream().filter(m -> m != leader).findFirst().orElseThrow();
        String followerConfig = "http://127.0.0.1:" + follower.peerPort + "/v2/admin/config";

        // Bad input: etcd's error JSON, nothing changed.
        Resp bad = cluster.curl("-L", followerConfig, "-XPUT", "-d", "{\"activeSize\":\"three\"}");
        assertEquals(400, bad.status(), bad.toString());
        assertEquals(
                209, EtcdCluster.JSON.readTree(bad.body()).path("errorCode").asInt(), bad.body());

        // A partial PUT through a follower (redirected to the leader's peer URL): activeSize 3 of 4 voters.
        Resp lowered = cluster.curl("-L", followerConfig, "-XPUT", "-d", "{\"activeSize\":3}");
        assertEquals(200, lowered.status(), lowered.toString());
        assertEquals("{\"activeSize\":3,\"removeDelay\":60,\"syncInterval\":1}", lowered.body());
        awaitAdminMachineCount(leader, 3);
        assertTrue(leader.log().contains("activeSize is 3: removing"), "the leader logged no removal");
        List<Member> remaining = new ArrayList<>();
        Set<String> listed = adminMachineNames(leader);
        for (Member m : four) {
            if (listed.contains(m.name)) {
                remaining.add(m);
            }
        }
        assertEquals(3, remaining.size(), listed.toString());
        EtcdCluster.set(leader, "/config/after-removal", "still writing", 20);

        // The removed voter's process stays up as a standby (etcd 0.4.6): it keeps its log (a member that came back
        // under its old id having forgotten its votes could let a stale candidate win), its client port redirects to
        // the leader, and it rejoins with its log once a seat is free.
        Member removed =
                four.stream().filter(m -> !listed.contains(m.name)).findFirst().orElseThrow();
        awaitLog(removed, "runs as a standby after its removal");
        assertTrue(removed.alive(), removed + " exited after its removal");
        assertTrue(Files.exists(removed.dataDir.resolve("standby_info")), "no standby_info in " + removed.dataDir);
        assertLogKept(removed);
        EtcdCluster.set(leader, "/config/while-standby", "written while it was a standby", 20);
        // It may have learned of its removal with no leader in view: the leader is known after its first ask.
        String pathAndQuery = "/v2/keys/config/while-standby";
        EtcdCluster.await(CHANGE_SECONDS, () -> {
            try {
                Resp r = EtcdCluster.get(removed.url(pathAndQuery));
                String want = leader.clientUrl() + pathAndQuery;
                return r.status() == 307 && want.equals(r.header("Location"))
                        ? null
                        : "GET on the removed member: " + r + " Location " + r.header("Location") + ", want " + want;
            } catch (IOException | InterruptedException e) {
                return e.toString();
            }
        });

        // A free seat again: the standby is promoted and serves, from its log, what was written meanwhile.
        Resp raised = cluster.curl(
                "-L", "http://127.0.0.1:" + leader.peerPort + "/v2/admin/config", "-XPUT", "-d", "{\"activeSize\":4}");
        assertEquals(200, raised.status(), raised.toString());
        awaitAdminMachines(leader, names(four));
        awaitLog(removed, "was promoted from standby");
        assertTrue(!Files.exists(removed.dataDir.resolve("standby_info")), "standby_info left after promotion");
        EtcdCluster.awaitLocalValue(removed, "/config/while-standby", "written while it was a standby", 20);
        remaining.add(removed);

        // The tutorial's two lines, verbatim, on a member's peer port.
        Member remainingFollower =
                remaining.stream().filter(m -> m != leader).findFirst().orElseThrow();
        String tutorialJson = "{\"activeSize\":9,\"removeDelay\":1800,\"syncInterval\":5}";
        Resp put = cluster.curl(
                "-L",
                "http://127.0.0.1:" + remainingFollower.peerPort + "/v2/admin/config",
                "-XPUT",
                "-d",
                "{\"activeSize\":9,\"removeDelay\":1800,\"syncInterval\":5}");
        assertEquals(200, put.status(), put.toString());
        assertEquals(tutorialJson, put.body());
        for (Member m : remaining) {
            awaitConfig(m, tutorialJson);
        }

        // Enough writes for snapshots past the config's entry, then every member restarts.
        int snapshotsBefore = count(leader.log(), "saved snapshot at index");
        for (int i = 0; i < 60; i++) {
            EtcdCluster.set(leader, "/config/fill-" + i, "v" + i, 20);
        }
        EtcdCluster.await(CHANGE_SECONDS, () -> {
            try {
                int now = count(leader.log(), "saved snapshot at index");
                return now >= snapshotsBefore + 2 ? null : "snapshots on the leader: " + now;
            } catch (IOException e) {
                return e.toString();
            }
        });
        for (Member m : remaining) {
            assertEquals(143, m.process.stop(), m + " did not stop cleanly (SIGTERM: 143)");
        }
        for (Member m : remaining) {
            m.launch(null, flags); // the flags say activeSize 4: the log's config wins
        }
        for (Member m : remaining) {
            m.awaitReady();
        }
        cluster.awaitLeader(ELECTION_SECONDS, remaining);
        for (Member m : remaining) {
            Resp r = cluster.curl("-L", "http://127.0.0.1:" + m.peerPort + "/v2/admin/config");
            assertEquals(tutorialJson, r.body(), m + " after the restart");
        }
    }

    @Test
    void aMemberRemovedWhileItWasDownBecomesAStandbyWhenRestarted() throws Exception {
        // An hour's sync interval: with seats free under activeSize 9 the standby would otherwise rejoin at once.
        String[] flags = flags("-cluster-sync-interval", "3600");
        cluster = new EtcdCluster(tmp);
        List<Member> three = cluster.startSeedThree(flags);
        Member leader = cluster.awaitLeader(ELECTION_SECONDS, three);
        Member down = three.stream().filter(m -> m != leader).findFirst().orElseThrow();
        List<Member> others = three.stream().filter(m -> m != down).toList();
        assertEquals(143, down.process.stop(), down + " did not stop cleanly (SIGTERM: 143)");

        // Removed while it is down: its log still counts it as a voter, and nobody will send it anything again.
        Resp del = cluster.curl("-L", "-XDELETE", leader.peerUrl() + "/v2/admin/machines/" + down.name);
        assertEquals(200, del.status(), del.toString());
        awaitAdminMachines(leader, names(others));
        EtcdCluster.set(leader, "/down/key", "written after the removal", 20);

        // Restarted on its old data dir (a supervisor's restart): it finds out, and becomes a standby.
        down.launch(null, flags);
        awaitLog(down, "runs as a standby after its removal");
        assertTrue(down.log().contains("is no member of the cluster"), "it did not log why it left");
        assertLogKept(down);
        // It never heard from a leader since its restart: until its first ask for a seat (a syncInterval later) its
        // client port answers 0.4.6's standby error 402, and the cluster goes on without it.
        Resp standby = EtcdCluster.get(down.url("/v2/keys/down/key"));
        assertEquals(400, standby.status(), standby.toString());
        assertEquals(402, standby.json().path("errorCode").asInt(), standby.toString());
        awaitAdminMachines(leader, names(others));
        EtcdCluster.set(leader, "/down/after", "the cluster goes on", 20);
    }

    /** The standby restarted on the log it had as a voter: the WAL is still in its data dir, and it said so. */
    private static void assertLogKept(Member standby) throws IOException {
        try (var wal = Files.list(standby.dataDir.resolve("wal"))) {
            assertTrue(wal.findAny().isPresent(), "no log left in " + standby.dataDir);
        }
        assertTrue(
                standby.log().contains("the log kept from before its removal: it restarts as a standby"),
                standby + " did not restart as a standby on its log");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static Set<String> names(Collection<Member> members) {
        return members.stream().map(m -> m.name).collect(Collectors.toSet());
    }

    private static void awaitLog(Member m, String line) throws InterruptedException {
        EtcdCluster.await(CHANGE_SECONDS, () -> {
            try {
                if (!m.alive()) {
                    return m + " exited: " + m.process.tail();
                }
                return m.log().contains(line) ? null : m + " has not logged '" + line + "'";
            } catch (IOException e) {
                return e.toString();
            }
        });
    }

    private static Set<String> adminMachineNames(Member on) throws IOException, InterruptedException {
        Resp admin = EtcdCluster.get(on.peerUri("/v2/admin/machines"));
        Set<String> names = new HashSet<>();
        if (admin.status() == 200) {
            for (JsonNode row : admin.json()) {
                names.add(row.path("name").asText());
            }
        }
        return names;
    }

    private static void awaitAdminMachines(Member on, Set<String> want) throws InterruptedException {
        EtcdCluster.await(CHANGE_SECONDS, () -> {
            try {
                Set<String> names = adminMachineNames(on);
                return names.equals(want) ? null : "/v2/admin/machines on " + on + ": " + names + ", want " + want;
            } catch (IOException | InterruptedException e) {
                return e.toString();
            }
        });
    }

    private static void awaitAdminMachineCount(Member on, int want) throws InterruptedException {
        EtcdCluster.await(CHANGE_SECONDS, () -> {
            try {
                Set<String> names = adminMachineNames(on);
                return names.size() == want ? null : "/v2/admin/machines on " + on + ": " + names;
            } catch (IOException | InterruptedException e) {
                return e.toString();
            }
        });
    }

    private static void awaitConfig(Member m, String want) throws InterruptedException {
        EtcdCluster.await(CHANGE_SECONDS, () -> {
            try {
                Resp r = EtcdCluster.get(m.peerUri("/v2/admin/config"));
                return want.equals(r.body()) ? null : "/v2/admin/config on " + m + ": " + r;
            } catch (IOException | InterruptedException e) {
                return e.toString();
            }
        });
    }
}
