package io.etcdj.server.cluster;

import static io.etcdj.server.cluster.InProcessCluster.leaderOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.Ack;
import io.etcdj.peer.RemovalKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower passes a removal on to the member it believes leads. If that member has just stepped down and the
 * removal names it, the request must not be mistaken for the leader's "you were removed" notice: the caller gets
 * either a real removal or an error it can retry, never an OK for a removal nobody made.
 */
class ForwardedRemovalTest {

    @Test
    void aRemovalForwardedToAMemberThatNoLongerLeadsIsRefusedNotSwallowed(@TempDir Path dir) throws Exception {
        try (InProcessCluster c = new InProcessCluster(dir, Clock.systemUTC())) {
            List<TestMember> three = c.threeMembers(10_000, TestMember.Timing.FAST);
            TestMember leader = leaderOf(three);
            List<TestMember> followers = three.stream().filter(m -> m != leader).toList();
            TestMember forwarder = followers.get(0);
            TestMember stale = followers.get(1); // the "leader" that stepped down, as the forwarder still believes

            Ack ack = forwarder
                    .transport
                    .remove(stale.node.self().peerUrl(), stale.name)
                    .get(15, TimeUnit.SECONDS);

            if (ack.ok()) {
                // The leader answers a removal once it has applied it.
                assertTrue(leader.node.members().byName(stale.name).isEmpty(), "an OK, but nothing was removed");
            } else {
                assertTrue(stale.node.members().byName(stale.name).isPresent(), "refused, and nothing removed");
                assertFalse(stale.node.removed().isDone(), "a refused request does not stop the member");
            }
            // The same call from a member that predates the removal kind is ambiguous: heeded as a notice (which the
            // leader's heartbeats contradict), but never answered OK.
            assertFalse(stale.node
                    .peerInbound()
                    .onRemove(stale.name, RemovalKind.UNSPECIFIED)
                    .ok());
            assertTrue(leader.node.members().byName(stale.name).isPresent());
        }
    }
}
