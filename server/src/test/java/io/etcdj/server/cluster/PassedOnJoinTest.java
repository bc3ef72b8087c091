package io.etcdj.server.cluster;

import static io.etcdj.server.cluster.InProcessCluster.leaderOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that does not lead passes a join on to the one it believes leads, once. Just after an election two members
 * can each believe the other leads; a join passed on again at every hop would then travel in circles, each hop a call
 * and a thread waiting on the next, until a view changed. The receiver of a join passed on decides it as the leader or
 * refuses it, and the joiner tries again.
 */
class PassedOnJoinTest {

    @Test
    void aJoinPassedOnToAMemberThatDoesNotLeadIsRefusedNotPassedOnAgain(@TempDir Path dir) throws Exception {
        try (InProcessCluster c = new InProcessCluster(dir, Clock.systemUTC())) {
            List<TestMember> three = c.threeMembers(10_000, TestMember.Timing.FAST);
            TestMember leader = leaderOf(three);
            List<TestMember> followers = three.stream().filter(m -> m != leader).toList();
            TestMember forwarder = followers.get(0);
            TestMember stale = followers.get(1); // the "leader" as the forwarder's stale view has it
            JoinRequest join = new JoinRequest("joiner", "mem://joiner", "http://joiner:4001");

            JoinResponse answer = forwarder
                    .transport
                    .join(stale.node.self().peerUrl(), join.passOn())
                    .get(15, TimeUnit.SECONDS);

            assertFalse(answer.ok(), "a follower decided a join it cannot make");
            assertTrue(answer.error().contains("not the leader"), answer.error());
            // Passed on a second time, the leader would have added it by now: a join's answer waits for the commit.
            assertTrue(leader.node.members().byName("joiner").isEmpty(), "the join travelled on to the leader");

            // The joiner's own request to a follower is still passed on to the leader, which decides it.
            JoinResponse direct =
                    forwarder.transport.join(stale.node.self().peerUrl(), join).get(15, TimeUnit.SECONDS);
            assertTrue(direct.ok(), direct.error());
            assertTrue(leader.node.members().byName("joiner").isPresent());
        }
    }
}
