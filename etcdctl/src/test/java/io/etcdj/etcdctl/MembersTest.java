package io.etcdj.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** member list and cluster-health on a one-machine cluster. */
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
                        "machine0: name=machine0 peerURLs=" + server.peerUrl() + " clientURLs=" + server.url()
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
}
