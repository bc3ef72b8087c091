package io.etcdj.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.Member;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** member list, add, remove and cluster-health on a one-machine cluster. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MembersTest {
    private ServerProcess server;
    private Ctl ctl;

    @BeforeAll
    void start() throws Exception {
        server = new ServerProcess();
        ctl = new Ctl(server.url());
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void memberList() {
        assertEquals(
                new Ctl.Result(
                        0,
                        machine0Id() + ": name=machine0 peerURLs=" + server.peerUrl() + " clientURLs=" + server.url()
                                + " isLeader=true\n",
                        ""),
                ctl.run("member", "list"));
    }

    @Test
    void clusterHealth() {
        assertEquals(
                new Ctl.Result(
                        0,
                        "member machine0 is healthy: got healthy result from " + server.url()
                                + "\ncluster is healthy\n",
                        ""),
                ctl.run("cluster-health"));
    }

    /** etcd 2's member ids are hex; etcdj derives a member's from its name. */
    private static String machine0Id() {
        return Long.toHexString(Member.idOf("machine0"));
    }

    @Test
    void memberAddReservesAPeerUrlThatListAndRemoveSee() {
        String peerUrl = "http://127.0.0.1:1";
        Ctl.Result add = ctl.run("member", "add", "machine9", peerUrl);
        assertEquals(0, add.code(), add.toString());
        Matcher id = Pattern.compile("^Added member named machine9 with ID ([0-9a-f]+) to cluster\n")
                .matcher(add.out());
        assertTrue(id.find(), add.out());
        String reserved = id.group(1);
        assertEquals(
                "Added member named machine9 with ID " + reserved + " to cluster\n\n"
                        + "ETCD_NAME=\"machine9\"\n"
                        + "ETCD_INITIAL_CLUSTER=\"machine0=" + server.peerUrl() + ",machine9=" + peerUrl + "\"\n"
                        + "ETCD_INITIAL_CLUSTER_STATE=\"existing\"\n",
                add.out());

        Ctl.Result again = ctl.run("member", "add", "machine9", peerUrl);
        assertEquals(new Ctl.Result(1, "", "membership: peerURL exists\n"), again);

        Ctl.Result list = ctl.run("member", "list");
        assertEquals(0, list.code(), list.toString());
        assertTrue(list.out().endsWith(reserved + "[unstarted]: peerURLs=" + peerUrl + "\n"), list.out());

        Ctl.Result byName = ctl.run("member", "remove", "machine0");
        assertEquals(1, byName.code(), byName.toString());
        assertTrue(
                byName.err()
                        .startsWith("Found a member named machine0; if this is correct, please use its ID, eg:\n"
                                + "\tetcdctl member remove " + machine0Id() + "\n"),
                byName.err());
        assertTrue(
                byName.err().endsWith("Couldn't find a member in the cluster with an ID of machine0.\n"), byName.err());

        assertEquals(
                new Ctl.Result(0, "Removed member " + reserved + " from cluster\n", ""),
                ctl.run("member", "remove", reserved));
        assertEquals(
                new Ctl.Result(1, "", "Couldn't find a member in the cluster with an ID of " + reserved + ".\n"),
                ctl.run("member", "remove", reserved));
        assertEquals(1, ctl.run("member", "list").out().lines().count(), "only machine0 again");
    }

    @Test
    void memberAddAndRemoveNeedTheirArguments() {
        assertEquals(
                new Ctl.Result(1, "", "Provide a name and a single member peerURL\n"), ctl.run("member", "add", "x"));
        assertEquals(new Ctl.Result(1, "", "Provide a single member ID\n"), ctl.run("member", "remove"));
        Ctl.Result badUrl = ctl.run("member", "add", "x", "ftp://127.0.0.1:2");
        assertEquals(new Ctl.Result(1, "", "URL scheme must be http or https: ftp://127.0.0.1:2\n"), badUrl);
    }
}
