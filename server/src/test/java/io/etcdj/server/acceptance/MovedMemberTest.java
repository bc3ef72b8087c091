package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.server.acceptance.EtcdCluster.Member;
import io.etcdj.server.acceptance.EtcdCluster.Resp;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member restarted from its data dir with other -addr/-peer-addr republishes its URLs through the log: clients are
 * told the new client URL, and the other members send to the new peer URL.
 */
@ExtendWith(LogTailOnFailure.class)
class MovedMemberTest {
    @TempDir
    Path tmp;

    @Test
    void aLoneMemberRestartedOnAnotherClientPortAdvertisesIt() throws Exception {
        Path dataDir = tmp.resolve("machine0");
        int peer = EtcdProcess.freePort();
        try (EtcdProcess first = EtcdProcess.start(dataDir, EtcdProcess.freePort(), peer, tmp.resolve("1.log"))) {
            first.stop();
        }
        int moved = EtcdProcess.freePort();
        try (EtcdProcess again = EtcdProcess.start(dataDir, moved, peer, tmp.resolve("2.log"))) {
            EtcdCluster.await(20, () -> {
                try {
                    String machines = EtcdCluster.get(again.url("/v2/machines")).body();
                    return machines.equals("http://127.0.0.1:" + moved) ? null : "/v2/machines is " + machines;
                } catch (Exception e) {
                    return e.toString();
                }
            });
        }
    }

    @Test
    void aFollowerRestartedOnOtherPortsIsFoundThereByClientsAndByTheLeader() throws Exception {
        try (EtcdCluster cluster = new EtcdCluster(tmp)) {
            List<Member> three = cluster.startSeedThree();
            Member leader = cluster.awaitLeader(30, three);
            Member mover = three.stream().filter(m -> m != leader).findFirst().orElseThrow();
            EtcdCluster.set(leader, "/before", "1", 20);
            mover.process.stop();

            int client = EtcdProcess.freePort();
            int peer = EtcdProcess.freePort();
            EtcdProcess moved = EtcdProcess.launch(
                    EtcdProcess.memberArgs(mover.name, mover.dataDir, client, peer, null),
                    mover.dataDir,
                    client,
                    peer,
                    tmp.resolve(mover.name + "-moved.log"));
            try {
                moved.awaitReady(60);
                String newClientUrl = "http://127.0.0.1:" + client;
                EtcdCluster.await(30, () -> {
                    try {
                        String machines =
                                EtcdCluster.get(leader.url("/v2/machines")).body();
                        return machines.contains(newClientUrl) ? null : "/v2/machines is " + machines;
                    } catch (Exception e) {
                        return e.toString();
                    }
                });
                // The leader replicates to the new peer URL: a write made after the move reaches the moved member.
                EtcdCluster.set(leader, "/after", "2", 20);
                EtcdCluster.await(30, () -> {
                    try {
                        Resp r = EtcdCluster.get(URI.create(newClientUrl + "/v2/keys/after"));
                        return r.status() == 200
                                        && r.json()
                                                .path("node")
                                                .path("value")
                                                .asText()
                                                .equals("2")
                                ? null
                                : "the moved member answers " + r;
                    } catch (Exception e) {
                        return e.toString();
                    }
                });
                Resp members = EtcdCluster.get(leader.url("/v2/members"));
                assertTrue(members.body().contains("http://127.0.0.1:" + peer), members.body());
                assertEquals(3, members.json().path("members").size());
            } finally {
                moved.close();
            }
        }
    }
}
