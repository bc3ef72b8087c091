package io.etcdj.server.cluster;

import static io.etcdj.server.cluster.InProcessCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.Member;
import io.etcdj.server.config.ServerConfig.ActiveSet;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster config through the log and the leader's active-set monitor, in-process: every member applies a config
 * write, a join past activeSize is refused with 103 and what a standby needs, lowering activeSize removes a voter, a
 * voter cut off for longer than removeDelay is removed, and the config comes back after a restart.
 */
class ActiveSetTest {
    @TempDir
    Path dir;

    private InProcessCluster cluster;
    private List<TestMember> three;

    @BeforeEach
    void start() throws Exception {
        cluster = new InProcessCluster(dir, Clock.systemUTC());
        three = cluster.threeMembers(10_000, TestMember.Timing.STEADY);
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private static void setConfig(TestMember leader, ActiveSet config) throws Exception {
        leader.node.proposeClusterConfig(config).get(15, TimeUnit.SECONDS);
    }

    private static JoinResponse join(TestMember via, String name) throws Exception {
        return via.transport
                .join(via.transport.url(), new JoinRequest(name, "mem://" + name, "http://" + name + ":4001"))
                .get(15, TimeUnit.SECONDS);
    }

    @Test
    void everyMemberAppliesTheConfigAndAJoinPastActiveSizeIsRefusedWith103() throws Exception {
        TestMember leader = InProcessCluster.leaderOf(three);
        ActiveSet config = new ActiveSet(3, 600, 2);
        setConfig(leader, config);
        for (TestMember m : three) {
            await(() -> m.node.clusterConfig().equals(config), m.name + " applies the config");
        }
        assertEquals(ClusterConfig.toJson(config), leader.valueOf(ClusterConfig.KEY));

        TestMember follower = InProcessCluster.followerOf(three);
        JoinResponse full = join(follower, "m4");
        assertTrue(full.clusterFull(), full.toString());
        assertEquals(JoinResponse.NO_MORE_PEER, full.errorCode());
        assertEquals("Reached the max number of peers in the cluster", full.error());
        assertEquals(leader.node.selfId(), full.leaderId());
        assertEquals(ClusterConfig.toJson(config), full.clusterConfig());
        assertEquals(
                Set.of("m1", "m2", "m3"),
                full.members().stream().map(Member::name).collect(Collectors.toSet()));
        assertEquals(3, leader.node.members().all().size(), "nobody was added");
    }

    @Test
    void loweringActiveSizeRemovesAFollower() throws Exception {
        TestMember leader = InProcessCluster.leaderOf(three);
        setConfig(leader, new ActiveSet(4, 600, 1));
        TestMember m4 = TestMember.join(
                "m4",
                dir.resolve("m4"),
                cluster.network,
                Clock.systemUTC(),
                10_000,
                leader.transport.url(),
                TestMember.Timing.STEADY);
        cluster.members.add(m4);
        await(() -> leader.node.members().all().size() == 4, "m4 registered");

        setConfig(leader, new ActiveSet(3, 600, 1));
        await(() -> leader.node.members().all().size() == 3, "a voter removed past activeSize 3");
        assertTrue(leader.node.members().byId(leader.node.selfId()).isPresent(), "the leader never removes itself");
        List<TestMember> four = new ArrayList<>(three);
        four.add(m4);
        await(() -> four.stream().filter(m -> m.node.removed().isDone()).count() == 1, "the removed one is told");
        for (TestMember m : four) {
            assertEquals(
                    m.node.removed().isDone(),
                    leader.node.members().byName(m.name).isEmpty(),
                    m.name + ": told it was removed exactly when it is no longer listed");
        }
    }

    @Test
    void aVoterUnheardForLongerThanRemoveDelayIsRemoved() throws Exception {
        TestMember leader = InProcessCluster.leaderOf(three);
        setConfig(leader, new ActiveSet(3, 2, 1));
        TestMember cutOff = InProcessCluster.followerOf(three);
        Set<Long> others = InProcessCluster.ids(three);
        others.remove(cutOff.node.selfId());
        cluster.network.isolate(cutOff.node.selfId(), others);
        await(() -> leader.node.members().byName(cutOff.name).isEmpty(), cutOff.name + " removed after removeDelay");
        assertEquals(2, leader.node.members().all().size());
        TestMember survivor = three.stream()
                .filter(m -> m != leader && m != cutOff)
                .findFirst()
                .orElseThrow();
        await(() -> survivor.node.members().byName(cutOff.name).isEmpty(), "the survivor applies the removal");
        leader.set("/after", "still writing");
        await(() -> "still writing".equals(survivor.valueOf("/after")), "writes continue with two voters");
    }

    @Test
    void theConfigSurvivesARestartFromSnapshotAndLog() throws Exception {
        cluster.close();
        cluster = new InProcessCluster(dir.resolve("snap"), Clock.systemUTC());
        TestMember alone = cluster.alone("s1", 5, TestMember.Timing.STEADY);
        await(alone.node::isLeader, "s1 leads");
        ActiveSet config = new ActiveSet(7, 90, 3);
        setConfig(alone, config);
        for (int i = 0; i < 12; i++) {
            alone.set("/fill/" + i, "v");
        }
        alone.close();
        cluster.members.remove(alone);
        TestMember again = cluster.alone("s1", 5, TestMember.Timing.STEADY);
        assertTrue(again.storage.startedFromSnapshot(), "restarted from a snapshot");
        assertEquals(config, again.node.clusterConfig());
    }
}
