package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start-up that fails on a busy port leaves no trace: both ports are bound before the data dir is touched or a
 * cluster is formed or joined, so the corrected start is a first start, not a restart that remembers a wrong URL.
 */
@ExtendWith(LogTailOnFailure.class)
class StartupOrderTest {
    @TempDir
    Path tmp;

    @Test
    void aBusyClientPortLeavesNoDataDirAndTheCorrectedStartAdvertisesItsOwnUrl() throws Exception {
        Path dataDir = tmp.resolve("machine0");
        int peer = EtcdProcess.freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            EtcdProcess.Exit exit =
                    EtcdProcess.runToExit(EtcdProcess.nodeArgs(dataDir, taken.getLocalPort(), peer), tmp);
            assertNotEquals(0, exit.code(), exit.both());
            assertTrue(exit.both().contains("127.0.0.1:" + taken.getLocalPort()), exit.both());
        }
        assertFalse(Files.exists(dataDir.resolve("wal")), "no log was written by the failed start");
        int client = EtcdProcess.freePort();
        try (EtcdProcess etcd = EtcdProcess.start(dataDir, client, peer, tmp.resolve("corrected.log"))) {
            EtcdCluster.Resp machines = EtcdCluster.get(etcd.url("/v2/machines"));
            assertEquals("http://127.0.0.1:" + client, machines.body());
            EtcdCluster.Resp record = EtcdCluster.get(etcd.url("/v2/keys/_etcd/machines/machine0"));
            assertTrue(record.body().contains("127.0.0.1%3A" + client), record.body());
        }
    }

    @Test
    void aJoinerWhoseClientPortIsBusyIsNeverAddedToTheCluster() throws Exception {
        try (EtcdCluster cluster = new EtcdCluster(tmp)) {
            EtcdCluster.Member m1 = cluster.member("machine1");
            m1.start(null);
            EtcdCluster.Member m2 = cluster.member("machine2");
            try (ServerSocket taken = new ServerSocket(m2.clientPort, 1, InetAddress.getByName("127.0.0.1"))) {
                m2.launch(m1.peerAddr());
                int code = m2.process.awaitExit(60);
                assertNotEquals(0, code, m2.log());
                assertTrue(m2.log().contains("127.0.0.1:" + m2.clientPort), m2.log());
            }
            assertEquals(
                    m1.clientUrl(), EtcdCluster.get(m1.url("/v2/machines")).body(), "machine2 never became a member");
            // A dead second voter would have cost the one-member cluster its quorum.
            EtcdCluster.set(m1, "/still", "writable", 10);
        }
    }
}
