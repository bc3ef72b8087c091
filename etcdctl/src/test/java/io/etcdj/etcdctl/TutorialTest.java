package io.etcdj.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The etcdctl section of the DigitalOcean tutorial (shared/seeds/000_...), line by line and in order,
 * against a real three-member cluster. The tutorial's cluster already held /coreos.com, so that key is seeded first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TutorialTest {
    private static final String SEMAPHORE = "{\"semaphore\":1,\"max\":1,\"holders\":null}";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private List<ServerProcess> cluster;
    private ServerProcess server;
    private Ctl ctl;

    /**
     * The tutorial ran against a cluster: so do we, three members as the README seed starts them. etcdctl talks to
     * the leader, as the tutorial's default endpoint (the first machine) did: a follower serves plain reads from its
     * own copy, which may trail a write it just redirected (see {@link #throughAFollower}).
     */
    @BeforeAll
    void start() throws Exception {
        cluster = ServerProcess.cluster();
        server = cluster.get(0);
        ctl = new Ctl(leaderUrl());
        assertEquals(
                0,
                ctl.run("set", "/coreos.com/updateengine/rebootlock/semaphore", SEMAPHORE)
                        .code());
    }

    @AfterAll
    void stop() throws Exception {
        for (ServerProcess member : cluster) {
            member.close();
        }
    }

    private String leaderUrl() throws Exception {
        for (ServerProcess m : cluster) {
            HttpResponse<String> self = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(m.url() + "/v2/stats/self"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (self.body().contains("\"state\":\"leader\"")) {
                return m.url();
            }
        }
        throw new AssertionError("no member says it leads");
    }

    private void expect(String out, String... args) {
        Ctl.Result r = ctl.run(args);
        assertEquals(new Ctl.Result(0, out, ""), r, String.join(" ", args));
    }

    private long currentIndex() throws Exception {
        return new ObjectMapper()
                .readTree(ctl.run("-o", "json", "ls", "/").out())
                .get("etcdIndex")
                .asLong();
    }

    @Test
    @Order(1)
    void lsRoot() {
        expect("/coreos.com\n", "ls", "/");
    }

    @Test
    @Order(2)
    void getOfADirectoryIsAnError() {
        assertEquals(new Ctl.Result(1, "", "/coreos.com: is a directory\n"), ctl.run("get", "/coreos.com"));
    }

    @Test
    @Order(3)
    void lsRecursiveWithTheFlagAfterTheKey() {
        expect(
                "/coreos.com\n/coreos.com/updateengine\n/coreos.com/updateengine/rebootlock\n"
                        + "/coreos.com/updateengine/rebootlock/semaphore\n",
                "ls",
                "/",
                "--recursive");
    }

    @Test
    @Order(4)
    void getValue() {
        expect(SEMAPHORE + "\n", "get", "/coreos.com/updateengine/rebootlock/semaphore");
    }

    @Test
    @Order(5)
    void extendedGet() {
        Ctl.Result r = ctl.run("-o", "extended", "get", "/coreos.com/updateengine/rebootlock/semaphore");
        assertEquals(0, r.code());
        assertTrue(
                r.out()
                        .matches("Key: /coreos.com/updateengine/rebootlock/semaphore\n"
                                + "Created-Index: \\d+\nModified-Index: \\d+\nTTL: 0\nEtcd-Index: \\d+\nRaft-Index: \\d+\nRaft-Term: \\d+\n"
                                + "\n" + Pattern.quote(SEMAPHORE) + "\n"),
                r.out());
    }

    @Test
    @Order(10)
    void mkdirExample() {
        expect("", "mkdir", "/example");
    }

    @Test
    @Order(11)
    void mkKey() {
        expect("data\n", "mk", "/example/key", "data");
    }

    @Test
    @Order(12)
    void getKey() {
        expect("data\n", "get", "/example/key");
    }

    @Test
    @Order(13)
    void updateKey() {
        expect("turtles\n", "update", "/example/key", "turtles");
    }

    @Test
    @Order(14)
    void mkdirWithTtl() throws Exception {
        expect("", "mkdir", "/here/you/go", "--ttl", "120");
        assertTtlBetween(110, 120, "/here/you/go");
    }

    @Test
    @Order(15)
    void updatedirTtl() throws Exception {
        expect("", "updatedir", "/here/you/go", "--ttl", "500");
        assertTtlBetween(490, 500, "/here/you/go");
    }

    private void assertTtlBetween(long low, long high, String dir) throws Exception {
        JsonNode node = new ObjectMapper()
                .readTree(ctl.run("-o", "json", "ls", dir).out())
                .get("node");
        long ttl = node.get("ttl").asLong();
        assertTrue(ttl >= low && ttl <= high, "ttl " + ttl);
    }

    @Test
    @Order(16)
    void setExisting() {
        expect("new\n", "set", "/example/key", "new");
    }

    @Test
    @Order(17)
    void setCreatesPath() {
        expect("here\n", "set", "/a/b/c", "here");
    }

    @Test
    @Order(18)
    void setdirCreatesAndIsQuietWhenPresent() {
        expect("", "setdir", "/x/y/z");
        expect("", "setdir", "/x/y/z");
    }

    @Test
    @Order(19)
    void rmKeyPrintsTheEmptyValueLikeZeroFourSix() {
        expect("\n", "rm", "/a/b/c");
    }

    @Test
    @Order(20)
    void rmRecursive() {
        expect("", "rm", "/a", "--recursive");
        assertEquals(4, ctl.run("get", "/a").code());
    }

    @Test
    @Order(21)
    void rmdir() {
        expect("", "rmdir", "/x/y/z");
        assertEquals(4, ctl.run("ls", "/x/y/z").code());
    }

    @Test
    @Order(30)
    void watchReturnsTheNextValue() throws Exception {
        String after = Long.toString(currentIndex());
        // --after-index pins the start, so the set may happen before or after the watch request arrives.
        CompletableFuture<Ctl.Result> watch =
                CompletableFuture.supplyAsync(() -> ctl.run("watch", "/example/hello", "--after-index", after));
        expect("world\n", "set", "/example/hello", "world");
        assertEquals(new Ctl.Result(0, "world\n", ""), watch.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    @Order(31)
    void watchRecursivePrintsActionAndKey() throws Exception {
        String after = Long.toString(currentIndex());
        CompletableFuture<Ctl.Result> watch = CompletableFuture.supplyAsync(
                () -> ctl.run("watch", "--recursive", "/example", "--after-index", after));
        expect("again\n", "set", "/example/hello", "again");
        assertEquals(
                new Ctl.Result(0, "[set] /example/hello\nagain\n", ""), watch.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    @Order(32)
    void execWatchRunsTheCommandPerChange() throws Exception {
        AwaitableOutput out = new AwaitableOutput();
        AwaitableOutput err = new AwaitableOutput();
        String after = Long.toString(currentIndex());
        int[] code = {-1};
        Thread t = new Thread(() -> code[0] = ctl.runTo(
                out.stream,
                err.stream,
                "exec-watch",
                "--recursive",
                "/example",
                "--after-index",
                after,
                "--",
                "echo",
                "hello"));
        t.start();
        try {
            expect("x\n", "set", "/example/exec", "x");
            assertTrue(out.await("hello\n", WAIT), "no output; stderr: " + err.text());
        } finally {
            t.interrupt(); // exec-watch runs until stopped, like CTRL-C in the tutorial
            t.join(WAIT.toMillis());
        }
        assertFalse(t.isAlive());
        assertEquals(130, code[0]);
        assertEquals("hello\n", out.text());
    }

    @Test
    @Order(40)
    void hiddenEtcdDirectory() {
        Ctl.Result r = ctl.run("ls", "--recursive", "/_etcd");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("/_etcd/machines\n/_etcd/machines/machine0\n"), r.out());
    }

    @Test
    @Order(41)
    void machineEntry() {
        expect(
                "etcd=http%3A%2F%2F127.0.0.1%3A" + server.clientPort + "&raft=http%3A%2F%2F127.0.0.1%3A"
                        + server.peerPort + "\n",
                "get",
                "/_etcd/machines/machine0");
    }

    @Test
    @Order(42)
    void jsonGetIsGoEtcdsResponse() throws Exception {
        Ctl.Result r = ctl.run("-o", "json", "get", "/example/key");
        assertEquals(0, r.code());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("get", json.get("action").asText());
        assertEquals(
                "{\"key\":\"/example/key\",\"value\":\"new\",\"modifiedIndex\":" + json.at("/node/modifiedIndex")
                        + ",\"createdIndex\":" + json.at("/node/createdIndex") + "}",
                json.get("node").toString());
        assertTrue(
                json.get("etcdIndex").asLong() > 0
                        && json.get("raftIndex").asLong() > 0
                        && json.get("raftTerm").asLong() > 0,
                r.out());
    }

    @Test
    @Order(60)
    void memberListShowsTheThreeMembersAndOneLeader() {
        Ctl.Result r = ctl.run("member", "list");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertEquals(1, lines.stream().filter(l -> l.endsWith("isLeader=true")).count(), r.out());
        for (ServerProcess m : cluster) {
            assertTrue(lines.stream().anyMatch(l -> l.contains("clientURLs=" + m.url() + " ")), r.out());
        }
    }

    @Test
    @Order(61)
    void clusterHealthChecksEveryMember() {
        Ctl.Result r = ctl.run("cluster-health");
        assertEquals(0, r.code(), r.err());
        for (ServerProcess m : cluster) {
            assertTrue(r.out().contains("is healthy: got healthy result from " + m.url() + "\n"), r.out());
        }
        assertTrue(r.out().endsWith("cluster is healthy\n"), r.out());
    }

    @Test
    @Order(62)
    void throughAFollower() throws Exception {
        String leader = leaderUrl();
        ServerProcess follower = cluster.stream()
                .filter(m -> !m.url().equals(leader))
                .findFirst()
                .orElseThrow();
        Ctl viaFollower = new Ctl(follower.url());
        // The write is redirected (307) to the leader and re-sent there; a --quorum read is redirected too.
        assertEquals(new Ctl.Result(0, "far\n", ""), viaFollower.run("set", "/via/follower", "far"));
        assertEquals(new Ctl.Result(0, "far\n", ""), viaFollower.run("get", "--quorum", "/via/follower"));
    }
}
