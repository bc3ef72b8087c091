package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcdj.server.acceptance.EtcdCluster.Member;
import io.etcdj.server.acceptance.EtcdCluster.Resp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd 2's member API as Debian's {@code ETCDCTL_API=2 etcdctl member add/list/remove} (etcd-client 3.4) uses it
 * against real member processes: an add reserves the peer URL, the member that starts with it joins and takes its
 * place, and a remove by id takes it out of the cluster. Hostile add requests get etcd 2's {@code {"message":...}}.
 */
@ExtendWith(LogTailOnFailure.class)
class MembersApiTest {
    private static final int ELECTION_SECONDS = 20;
    private static final String ETCDCTL = "/usr/bin/etcdctl";
    private static final Pattern ADDED = Pattern.compile("Added member named machine4 with ID ([0-9a-f]+) to cluster");

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
    void debianEtcdctlAddsAMemberThatThenJoinsAndRemovesIt() throws Exception {
        cluster = new EtcdCluster(tmp);
        // An hour's sync interval: the member removed below stays a standby (seats are free under activeSize 9).
        List<Member> three = cluster.startSeedThree("-cluster-sync-interval", "3600");
        Member leader = cluster.awaitLeader(ELECTION_SECONDS, three);
        Member follower = three.stream().filter(m -> m != leader).findFirst().orElseThrow();
        Member m4 = cluster.member("machine4");

        // Asked of a follower: the 307 to the leader is followed by etcd's Go client.
        Ctl add = etcdctl(follower, "member", "add", "machine4", m4.peerUrl());
        assertEquals(0, add.code(), "member add: " + add);
        Matcher added = ADDED.matcher(add.stdout());
        assertTrue(added.find(), "member add output: " + add);
        String reservedId = added.group(1);
        assertTrue(add.stdout().contains("ETCD_INITIAL_CLUSTER_STATE=\"existing\""), add.toString());
        assertTrue(add.stdout().contains("machine4=" + m4.peerUrl()), "the new member in the cluster line: " + add);

        for (Member m : three) {
            Ctl list = etcdctl(m, "member", "list");
            assertEquals(0, list.code(), "member list on " + m + ": " + list);
            assertTrue(
                    list.stdout().contains(reservedId + "[unstarted]: peerURLs=" + m4.peerUrl()),
                    "the reservation listed as unstarted on " + m + ": " + list);
        }

        // ./etcd -peer-addr <the reserved address> ... -peers <a member> -name machine4
        m4.start(three.get(0).peerAddr(), "-cluster-sync-interval", "3600");
        EtcdCluster.await(EtcdCluster.READY_SECONDS, () -> {
            try {
                JsonNode members =
                        EtcdCluster.get(leader.url("/v2/members")).json().path("members");
                String m4Id = null;
                for (JsonNode n : members) {
                    if (n.path("name").asText().isEmpty()) {
                        return "still a reservation listed: " + members;
                    }
                    if (n.path("name").asText().equals("machine4")) {
                        m4Id = n.path("id").asText();
                    }
                }
                return members.size() == 4 && m4Id != null ? null : "members: " + members;
            } catch (Exception e) {
                return e.toString();
            }
        });
        Ctl listed = etcdctl(leader, "member", "list");
        String m4Line = listed.stdout()
                .lines()
                .filter(l -> l.contains("name=machine4 peerURLs=" + m4.peerUrl() + " clientURLs=" + m4.clientUrl()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("machine4 not in member list: " + listed));
        assertTrue(!listed.stdout().contains("unstarted"), "the reservation is consumed: " + listed);
        String m4Id = m4Line.substring(0, m4Line.indexOf(':'));

        Ctl remove = etcdctl(follower, "member", "remove", m4Id);
        assertEquals(0, remove.code(), "member remove: " + remove);
        assertTrue(remove.stdout().contains("Removed member " + m4Id + " from cluster"), remove.toString());
        EtcdCluster.await(EtcdCluster.READY_SECONDS, () -> {
            try {
                for (Member m : three) {
                    Resp admin = EtcdCluster.get(m.peerUri("/v2/admin/machines/machine4"));
                    if (admin.status() != 404) {
                        return "machine4 still on " + m + "'s /v2/admin/machines: " + admin;
                    }
                }
                return null;
            } catch (Exception e) {
                return e.toString();
            }
        });
        // The removed member learns it and, as etcd 0.4.6 did, stays up as a standby (its client port redirects to
        // the leader); with seats free under activeSize it would ask for one after the hour-long sync interval.
        EtcdCluster.await(60, () -> {
            try {
                if (!m4.alive()) {
                    return "machine4 exited after its removal: " + m4.process.tail();
                }
                if (!m4.log().contains("runs as a standby after its removal")) {
                    return "machine4 has not logged that it runs as a standby";
                }
                Resp r = EtcdCluster.get(m4.url("/v2/keys/"));
                return r.status() == 307 ? null : "GET on the removed machine4: " + r;
            } catch (IOException | InterruptedException e) {
                return e.toString();
            }
        });
    }

    @Test
    void hostileAddRequestsGetEtcdErrorsAndReservationsAreBounded() throws Exception {
        cluster = new EtcdCluster(tmp);
        Member m1 = cluster.member("machine1");
        m1.start(null);
        cluster.awaitLeader(ELECTION_SECONDS, List.of(m1));
        String members = m1.clientUrl() + "/v2/members";

        Resp notJson = cluster.curl("-XPOST", "-H", "Content-Type: application/json", "-d", "peerURLs=x", members);
        assertError(400, "the body is not JSON", notJson);
        Resp noType = cluster.curl("-XPOST", "-d", "{\"peerURLs\":[\"http://127.0.0.1:7101\"]}", members);
        assertError(415, "Bad Content-Type application/x-www-form-urlencoded, accept application/json", noType);
        Path huge = tmp.resolve("huge.json");
        Files.writeString(huge, "{\"peerURLs\":[\"http://127.0.0.1:7101\"],\"pad\":\"" + "x".repeat(200_000) + "\"}");
        Resp tooBig =
                cluster.curl("-XPOST", "-H", "Content-Type: application/json", "--data-binary", "@" + huge, members);
        assertEquals(413, tooBig.status(), tooBig.toString());
        Resp tooBigChunked = cluster.curl(
                "-XPOST",
                "-H",
                "Content-Type: application/json",
                "-H",
                "Transfer-Encoding: chunked",
                "--data-binary",
                "@" + huge,
                members);
        assertError(413, "request body too large", tooBigChunked);
        Resp ftp = post(members, "{\"peerURLs\":[\"ftp://127.0.0.1:7101\"]}");
        assertError(400, "URL scheme must be http or https: ftp://127.0.0.1:7101", ftp);
        Resp https = post(members, "{\"peerURLs\":[\"https://127.0.0.1:7101\"]}");
        assertError(400, "the scheme must be http", https);
        Resp path = post(members, "{\"peerURLs\":[\"http://127.0.0.1:7101/x\"]}");
        assertError(400, "URL must not contain a path", path);
        Resp none = post(members, "{\"peerURLs\":[]}");
        assertError(400, "no valid URLs given", none);
        Resp notArray = post(members, "{\"peerURLs\":\"http://127.0.0.1:7101\"}");
        assertError(400, "peerURLs must be an array of strings", notArray);
        Resp own = post(members, "{\"peerURLs\":[\"" + m1.peerUrl() + "\"]}");
        assertError(409, "membership: peerURL exists", own);

        Resp first = post(members, "{\"peerURLs\":[\"http://127.0.0.1:7101\"]}");
        assertEquals(201, first.status(), first.toString());
        assertEquals("", first.json().path("name").asText("missing"), first.toString());
        assertEquals(
                "http://127.0.0.1:7101", first.json().path("peerURLs").path(0).asText(), first.toString());
        assertEquals(0, first.json().path("clientURLs").size(), first.toString());
        Resp again = post(members, "{\"peerURLs\":[\" http://127.0.0.1:7101/ \"]}");
        assertError(409, "membership: peerURL exists", again);

        for (int port = 7102; port <= 7116; port++) {
            Resp r = post(members, "{\"peerURLs\":[\"http://127.0.0.1:" + port + "\"]}");
            assertEquals(201, r.status(), "reservation " + port + ": " + r);
        }
        Resp seventeenth = post(members, "{\"peerURLs\":[\"http://127.0.0.1:7117\"]}");
        assertError(409, "too many members added and not started (16)", seventeenth);
        assertEquals(
                17,
                EtcdCluster.get(m1.url("/v2/members")).json().path("members").size());

        // The client API cannot write the reservations (they are the cluster's, under /_etcd).
        Resp sneak = EtcdCluster.send("PUT", m1.url("/v2/keys/_etcd/reservations/1"), "value=http://x:1");
        assertEquals(400, sneak.status(), sneak.toString());

        String id = first.json().path("id").asText();
        Resp cancel = cluster.curl("-XDELETE", members + "/" + id);
        assertEquals(204, cancel.status(), cancel.toString());
        Resp cancelAgain = cluster.curl("-XDELETE", members + "/" + id);
        assertError(404, "No such member: " + id, cancelAgain);
        Resp notHex = cluster.curl("-XDELETE", members + "/zz");
        assertError(404, "No such member: zz", notHex);
        Resp put = cluster.curl(
                "-XPUT",
                "-H",
                "Content-Type: application/json",
                "-d",
                "{\"peerURLs\":[\"http://127.0.0.1:7201\"]}",
                members + "/" + Long.toHexString(1));
        assertEquals(405, put.status(), put.toString());
        Resp afterCancel = post(members, "{\"peerURLs\":[\"http://127.0.0.1:7117\"]}");
        assertEquals(201, afterCancel.status(), "room again after a cancel: " + afterCancel);
        assertTrue(m1.alive(), "the member survived every request");
    }

    private Resp post(String url, String json) throws Exception {
        return cluster.curl("-XPOST", "-H", "Content-Type: application/json", "-d", json, url);
    }

    private static void assertError(int status, String messagePart, Resp r) {
        assertEquals(status, r.status(), r.toString());
        assertEquals("application/json", r.header("Content-Type"), r.toString());
        String message = r.json().path("message").asText("");
        assertTrue(message.contains(messagePart), "message should contain '" + messagePart + "': " + r);
    }

    record Ctl(int code, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** Debian's etcd-client etcdctl with ETCDCTL_API=2, bounded. */
    private Ctl etcdctl(Member via, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ETCDCTL, "--endpoints", via.clientUrl()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "etcdctl", ".out");
        Path err = Files.createTempFile(tmp, "etcdctl", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("ETCDCTL_API", "2");
        Process p = pb.start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                fail("etcdctl " + cmd + " did not finish within 30 s");
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        return new Ctl(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
