package io.etcdj.server.cluster;

import static io.etcdj.server.cluster.InProcessCluster.leaderOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.grpc.GrpcTransportConfig;
import io.etcdj.raft.MessageType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A membership change that cannot commit (here: no follower's append acknowledgement arrives, while heartbeats keep
 * the leader in office) is answered "try again" while the caller still listens: the leader gives up before the
 * follower that passed the call on, and that follower before the caller's own deadline.
 */
class ChangeDeadlineTest {
    /** The deadline a joiner gives its Join call: the peer transport's default unary deadline. */
    private static final long CALLER_DEADLINE_MS =
            GrpcTransportConfig.defaults().unaryTimeout().toMillis();

    @Test
    void theLeaderAnswersAChangeThatCannotCommitBeforeTheCallerGivesUp(@TempDir Path dir) throws Exception {
        try (InProcessCluster c = new InProcessCluster(dir, Clock.systemUTC())) {
            TestMember leader = leaderOf(c.threeMembers(10_000, TestMember.Timing.FAST));
            c.network.dropIf(m -> m.type() == MessageType.MsgAppResp);

            assertRefusedInTime(CompletableFuture.supplyAsync(
                    () -> leader.node.peerInbound().onJoin(new JoinRequest("m9", "mem://m9", "http://m9:4001"))));
        }
    }

    @Test
    void aFollowerPassingTheCallOnAnswersBeforeTheCallerGivesUp(@TempDir Path dir) throws Exception {
        try (InProcessCluster c = new InProcessCluster(dir, Clock.systemUTC())) {
            List<TestMember> three = c.threeMembers(10_000, TestMember.Timing.FAST);
            TestMember leader = leaderOf(three);
            TestMember follower =
                    three.stream().filter(m -> m != leader).findFirst().orElseThrow();
            c.network.dropIf(m -> m.type() == MessageType.MsgAppResp);

            assertRefusedInTime(CompletableFuture.supplyAsync(
                    () -> follower.node.peerInbound().onJoin(new JoinRequest("m9", "mem://m9", "http://m9:4001"))));
        }
    }

    private static void assertRefusedInTime(CompletableFuture<JoinResponse> call) throws Exception {
        JoinResponse answer = call.get(CALLER_DEADLINE_MS, TimeUnit.MILLISECONDS);
        assertFalse(answer.ok(), "nothing could commit");
        assertTrue(answer.error().contains("try again"), answer.error());
    }
}
