package io.etcdj.server.cluster;

import static io.etcdj.server.cluster.InProcessCluster.await;
import static io.etcdj.server.cluster.InProcessCluster.leaderOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.Member;
import io.etcdj.server.cluster.TestMember.Timing;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A joiner whose join answer is lost (its call timed out on a loaded machine after the leader had already committed
 * the ADD_NODE) is a voter that refuses the leader's messages, since it knows no member yet. Its new, silent vote can
 * cost the leader its quorum (check-quorum steps it down), after which nobody knows a leader. The joiner's retry must
 * still end with a working member, and the cluster with a leader again.
 */
class LostJoinAnswerTest {
    private static final long RETRY_FOR_MS = 20_000;

    @Test
    void aSecondMemberWhoseJoinAnswerWasLostStillJoinsAndTheClusterWritesAgain(@TempDir Path dir) throws Exception {
        try (InProcessCluster c = new InProcessCluster(dir, Clock.systemUTC())) {
            TestMember m1 = c.alone("m1", 1_000, Timing.FAST);
            await(m1.node::isLeader, "m1 leads");
            TestMember m2 = unjoined(c, dir, "m2");

            joinAndLoseTheAnswer(m2, m1);
            // Two voters, one of them silent: the leader no longer hears a quorum and steps down.
            await(() -> !m1.node.isLeader(), "m1 steps down (check-quorum): its new voter m2 is silent");
            assertTrue(m2.node.rejectedInput().getOrDefault(InboundGate.KIND, 0L) > 0, "m2 refused m1's messages");

            // Without a leader only the exact record already applied is answered; nothing else gets in or learns more.
            assertRefused(m1, new JoinRequest("m9", "mem://m9", "http://m9:4001"), "no leader is known yet");
            assertRefused(m1, new JoinRequest("m2", "mem://elsewhere", "http://m2:4001"), "no leader is known yet");
            assertRefused(m1, new JoinRequest(m2.node.self(), true), "no leader is known yet");

            retryJoin(m2, m1);
            List<TestMember> both = List.of(m1, m2);
            writeThroughLeader(both, "/after-join", "v");
            await(() -> "v".equals(m2.valueOf("/after-join")), "the write is applied on m2");
            await(() -> m2.node.members().byName("m2").isPresent(), "m2 applied its own registration");
        }
    }

    @Test
    void aThirdMemberWhoseJoinAnswerWasLostKeepsTheClusterWritableWhenAnotherMemberIsSlow(@TempDir Path dir)
            throws Exception {
        try (InProcessCluster c = new InProcessCluster(dir, Clock.systemUTC())) {
            TestMember m1 = c.alone("m1", 1_000, Timing.FAST);
            await(m1.node::isLeader, "m1 leads");
            TestMember m2 = TestMember.join(
                    "m2", dir.resolve("m2"), c.network, Clock.systemUTC(), 1_000, m1.transport.url(), Timing.FAST);
            c.members.add(m2);
            await(() -> m2.node.members().byName("m2").isPresent(), "m2 registered");
            TestMember m3 = unjoined(c, dir, "m3");

            joinAndLoseTheAnswer(m3, m1);
            // m2 is slow (cut off from m1): with m3 silent, m1 hears no quorum of three and steps down.
            c.network.isolate(m2.node.selfId(), Set.of(m1.node.selfId()));
            await(() -> !m1.node.isLeader(), "m1 steps down (check-quorum): m2 slow, m3 silent");

            retryJoin(m3, m1);
            List<TestMember> all = List.of(m1, m2, m3);
            writeThroughLeader(all, "/after-join", "v");
            await(() -> "v".equals(m3.valueOf("/after-join")), "the write is applied on m3");
            c.network.heal();
            await(() -> "v".equals(m1.valueOf("/after-join")), "the write is applied on m1");
            await(() -> "v".equals(m2.valueOf("/after-join")), "the write is applied on m2");
            await(() -> m3.node.members().byName("m3").isPresent(), "m3 applied its own registration");
        }
    }

    private static TestMember unjoined(InProcessCluster c, Path dir, String name) throws Exception {
        TestMember m =
                TestMember.startedUnjoined(name, dir.resolve(name), c.network, Clock.systemUTC(), 1_000, Timing.FAST);
        c.members.add(m);
        return m;
    }

    /**
     * The joiner asks; the leader adds it, but the answer is lost: the joiner gave up waiting (its call's deadline
     * passed) before the answer came, so it never learns the members.
     */
    private static void joinAndLoseTheAnswer(TestMember joiner, TestMember leader) throws Exception {
        JoinResponse lost = joiner.transport
                .join(leader.transport.url(), joiner.joinRequest())
                .get(15, TimeUnit.SECONDS);
        assertTrue(lost.ok(), "the leader added " + joiner.name + ": " + lost.error());
        assertTrue(leader.node.members().byName(joiner.name).isPresent(), "the ADD_NODE is applied on the leader");
    }

    private static void assertRefused(TestMember via, JoinRequest request, String why) throws Exception {
        JoinResponse r = via.transport.join(via.transport.url(), request).get(15, TimeUnit.SECONDS);
        assertFalse(r.ok(), request + " was accepted");
        assertTrue(r.error().contains(why), r.error());
        assertTrue(r.members().isEmpty(), "a refusal lists no members");
    }

    /** As -peers does: asks again (bounded) until accepted, then learns where every member listens. */
    private static void retryJoin(TestMember joiner, TestMember via) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_FOR_MS);
        String lastError = "";
        while (System.nanoTime() < deadline) {
            JoinResponse r = joiner.transport
                    .join(via.transport.url(), joiner.joinRequest())
                    .get(15, TimeUnit.SECONDS);
            if (r.ok()) {
                assertEquals(joiner.node.selfId(), r.memberId());
                assertTrue(r.members().stream().anyMatch(m -> m.name().equals(joiner.name)), "the joiner is listed");
                for (Member m : r.members()) {
                    joiner.node.addPeer(m.id(), m.peerUrl());
                }
                return;
            }
            lastError = r.error();
            Thread.sleep(100);
        }
        throw new AssertionError(
                joiner.name + "'s join retries were refused for " + RETRY_FOR_MS + " ms: " + lastError);
    }

    /** A write through whichever member leads, again (bounded) if leadership moved while it was in flight. */
    private static void writeThroughLeader(List<TestMember> members, String key, String value) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                leaderOf(members).set(key, value);
                return;
            } catch (Exception e) {
                last = e;
            }
        }
        throw new AssertionError("no write succeeded", last);
    }
}
