package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcdj.server.acceptance.EtcdCluster.Member;
import io.etcdj.server.acceptance.EtcdCluster.Resp;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Growing and shrinking a cluster started with the seed's commands: a fourth member joins with {@code -peers} naming
 * a follower and sees the data; {@code DELETE /v2/admin/machines/<name>} on a member's peer port removes a follower,
 * then the leader, and the remaining members keep electing and writing. Each removed member's process stays up as a
 * standby (etcd 0.4.6): its client port redirects to the leader. The cluster is started with a sync interval of an
 * hour so that, with seats free under the default activeSize 9, the standbys do not rejoin during the test.
 */
@ExtendWith(LogTailOnFailure.class)
class ClusterMembershipTest {
    private static final int ELECTION_SECONDS = 20;
    private static final String[] NO_REJOIN = {"-cluster-sync-interval", "3600"};

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
    void fourthMemberJoinsThroughAFollowerAndMembersAreRemoved() throws Exception {
        cluster = new EtcdCluster(tmp);
        List<Member> seedThree = cluster.startSeedThree(NO_REJOIN);
        Member m1 = seedThree.get(0);
        Member m2 = seedThree.get(1);
        Member m3 = seedThree.get(2);
        List<Member> three = List.of(m1, m2, m3);
        Member leader = cluster.awaitLeader(ELECTION_SECONDS, three);
        Member follower = three.stream().filter(m -> m != leader).findFirst().orElseThrow();
        long before = EtcdCluster.set(m1, "/members/before", "written by three", 10);

        // ./etcd -peer-addr ... -addr ... -peers <a follower's peer addr> -data-dir machines/machine4 -name machine4
        Member m4 = cluster.member("machine4");
        m4.start(follower.peerAddr(), NO_REJOIN);
        assertTrue(m4.log().contains("machine4 joined the cluster"), "machine4 did not log 'joined the cluster'");
        List<Member> four = List.of(m1, m2, m3, m4);
        EtcdCluster.awaitLocalValue(m4, "/members/before", "written by three", 10);
        Resp got = EtcdCluster.get(m4.url("/v2/keys/members/before"));
        assertEquals(before, got.json().path("node").path("modifiedIndex").asLong(), got.toString());
        awaitMachines(four, four);
        Member leader4 = cluster.awaitLeader(ELECTION_SECONDS, four);
        assertEquals(
                "follower",
                EtcdCluster.get(m4.url("/v2/stats/self")).json().path("state").asText());

        // machine4 is registered at the index after the three members' (and the write)
        Resp reg = EtcdCluster.get(leader4.url("/v2/keys/_etcd/machines/machine4"));
        assertEquals(200, reg.status(), reg.toString());
        assertTrue(reg.json().path("node").path("createdIndex").asLong() > before, reg.toString());
        assertEquals(
                "etcd=" + enc(m4.clientUrl()) + "&raft=" + enc(m4.peerUrl()),
                reg.json().path("node").path("value").asText());
        // the leader's stats list it among the followers
        EtcdCluster.await(10, () -> {
            try {
                Resp ls = EtcdCluster.follow("GET", m4.url("/v2/stats/leader"), null);
                Set<String> followers = new HashSet<>();
                ls.json().path("followers").fieldNames().forEachRemaining(followers::add);
                return followers.size() == 3 && followers.contains("machine4") ? null : "stats/leader " + ls;
            } catch (IOException | InterruptedException e) {
                return e.toString();
            }
        });
        // a write through machine4 (307 to the leader) reaches every member
        EtcdCluster.set(m4, "/members/by4", "written through machine4", 10);
        for (Member m : four) {
            EtcdCluster.awaitLocalValue(m, "/members/by4", "written through machine4", 10);
        }

        // Unknown names are 404 on the peer port's admin API
        Resp unknown = EtcdCluster.send("DELETE", m1.peerUri("/v2/admin/machines/nosuchmachine"), null);
        assertEquals(404, unknown.status(), unknown.toString());

        // Remove a follower other than machine4, asking on yet another member's peer port (curl -XDELETE)
        Member removed =
                four.stream().filter(m -> m != leader4 && m != m4).findFirst().orElseThrow();
        Member askedOn = four.stream()
                .filter(m -> m != removed && m != leader4)
                .findFirst()
                .orElseThrow();
        Resp del = cluster.curl("-L", "-XDELETE", askedOn.peerUrl() + "/v2/admin/machines/" + removed.name);
        assertEquals(200, del.status(), "DELETE " + removed + " on " + askedOn + "'s peer port: " + del);
        List<Member> remaining = four.stream().filter(m -> m != removed).toList();
        awaitMachines(remaining, remaining);
        for (Member m : remaining) {
            Resp r = EtcdCluster.get(m.url("/v2/keys/_etcd/machines/" + removed.name));
            assertEquals(404, r.status(), "registration of " + removed + " on " + m + ": " + r);
            Resp admin = EtcdCluster.get(m.peerUri("/v2/admin/machines/" + removed.name));
            assertEquals(404, admin.status(), "admin machine " + removed + " on " + m + ": " + admin);
        }
        Member leader3 = cluster.awaitLeader(ELECTION_SECONDS, remaining);
        for (Member m : remaining) {
            EtcdCluster.set(m, "/members/after-remove-" + m.name, "ok", 10);
        }
        for (Member m : remaining) {
            for (Member w : remaining) {
                EtcdCluster.awaitLocalValue(m, "/members/after-remove-" + w.name, "ok", 10);
            }
        }
        awaitStandby(removed, leader3);

        // Remove the leader itself, asking on a follower's peer port: the two others elect a leader and write
        Member asked = remaining.stream().filter(m -> m != leader3).findFirst().orElseThrow();
        Resp delLeader = deleteRetryingWhileRefused(asked, leader3.name);
        assertEquals(200, delLeader.status(), "DELETE the leader " + leader3 + " on " + asked + ": " + delLeader);
        List<Member> two = remaining.stream().filter(m -> m != leader3).toList();
        awaitMachines(two, two);
        Member leader2 = cluster.awaitLeader(ELECTION_SECONDS, two);
        assertNotEquals(leader3, leader2);
        for (Member m : two) {
            EtcdCluster.set(m, "/members/after-leader-removed-" + m.name, "ok", 10);
        }
        for (Member m : two) {
            for (Member w : two) {
                EtcdCluster.awaitLocalValue(m, "/members/after-leader-removed-" + w.name, "ok", 10);
            }
            assertEquals("written by three", EtcdCluster.localValue(m, "/members/before"));
        }
        // The removed leader knows no leader (it was the leader; the others elected one after it left): until its
        // first ask for a seat, a syncInterval later, its client port answers 0.4.6's 402 "Standby Internal Error".
        awaitStandby(leader3, null);
    }

    /** Bounded: until /v2/machines and the peer port's /v2/admin/machines on each of {@code on} list exactly these. */
    private static void awaitMachines(List<Member> on, List<Member> expected) throws InterruptedException {
        Set<String> want = expected.stream().map(Member::clientUrl).collect(Collectors.toSet());
        Set<String> wantNames = expected.stream().map(m -> m.name).collect(Collectors.toSet());
        EtcdCluster.await(15, () -> {
            try {
                for (Member m : on) {
                    Resp r = EtcdCluster.get(m.url("/v2/machines"));
                    List<String> urls = Arrays.asList(r.body().split(", "));
                    if (r.status() != 200 || urls.size() != want.size() || !new HashSet<>(urls).equals(want)) {
                        return "/v2/machines on " + m + ": " + r + ", want " + want;
                    }
                    Resp admin = EtcdCluster.get(m.peerUri("/v2/admin/machines"));
                    List<String> names = new ArrayList<>();
                    for (JsonNode row : admin.json()) {
                        names.add(row.path("name").asText());
                    }
                    if (names.size() != wantNames.size() || !new HashSet<>(names).equals(wantNames)) {
                        return "/v2/admin/machines on " + m + ": " + admin + ", want " + wantNames;
                    }
                }
                return null;
            } catch (IOException | InterruptedException e) {
                return e.toString();
            }
        });
    }

    /**
     * {@code DELETE /v2/admin/machines/<name>} on {@code asked}'s peer port, asked again (a bounded number of times)
     * while the answer is a refusal that says to: under load the leader may step down while the request is on its
     * way to it, and the member it reaches then refuses rather than claim a removal it did not make.
     */
    private static Resp deleteRetryingWhileRefused(Member asked, String name) throws Exception {
        Resp r = EtcdCluster.send("DELETE", asked.peerUri("/v2/admin/machines/" + name), null);
        for (int attempt = 1; attempt < 5 && r.status() == 500 && r.body().contains("try again"); attempt++) {
            r = EtcdCluster.send("DELETE", asked.peerUri("/v2/admin/machines/" + name), null);
        }
        return r;
    }

    /**
     * Bounded: until the removed member runs as a standby whose client port sends requests to {@code leader}, or, with
     * a null leader, answers error 402 (no leader known).
     */
    private static void awaitStandby(Member removed, Member leader) throws InterruptedException {
        String pathAndQuery = "/v2/keys/members/before";
        String want = leader == null ? null : leader.clientUrl() + pathAndQuery;
        EtcdCluster.await(ELECTION_SECONDS, () -> {
            try {
                if (!removed.alive()) {
                    return removed + " exited after its removal: " + removed.process.tail();
                }
                if (!removed.log().contains("runs as a standby after its removal")) {
                    return removed + " has not logged that it runs as a standby";
                }
                Resp r = EtcdCluster.get(removed.url(pathAndQuery));
                if (want == null) {
                    return r.status() == 400 && r.json().path("errorCode").asInt() == 402
                            ? null
                            : "GET on the removed " + removed + ": " + r + ", want error 402";
                }
                return r.status() == 307 && want.equals(r.header("Location"))
                        ? null
                        : "GET on the removed " + removed + ": " + r + " Location " + r.header("Location") + ", want "
                                + want;
            } catch (IOException | InterruptedException e) {
                return e.toString();
            }
        });
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
