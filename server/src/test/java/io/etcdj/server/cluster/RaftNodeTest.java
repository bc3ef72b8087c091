package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.inmem.Network;
import io.etcdj.raft.MessageType;
import io.etcdj.raft.Snapshot;
import io.etcdj.server.command.ApplyResult;
import io.etcdj.server.command.Command;
import io.etcdj.server.command.ProposalRejectedException;
import io.etcdj.server.wal.SnapshotFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Raft loop and apply loop of a member, in-process: real WAL and snapshot files, members linked by the in-memory
 * transport (so partitions are exact). Real-process clusters are in the acceptance tests.
 */
class RaftNodeTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private InProcessCluster cluster;
    private Network network;
    private List<TestMember> members;

    @BeforeEach
    void cluster() {
        cluster = new InProcessCluster(dir, clock);
        network = cluster.network;
        members = cluster.members;
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void aMemberAloneRegistersItselfAtIndexOneAndTakesWritesAfterIt() throws Exception {
        TestMember m = alone("solo");
        await(m.node::isLeader, "solo leads its own cluster");
        // Leading comes with committing the registration, not with applying it (the apply thread may trail).
        await(() -> m.node.appliedIndex() >= 1, "the registration at index 1 is applied");
        assertEquals(
                "etcd=http%3A%2F%2Fsolo%3A4001&raft=mem%3A%2F%2Fsolo",
                m.store.get("/_etcd/machines/solo", false, false).node().value());
        assertEquals(1, m.store.get("/_etcd/machines/solo", false, false).node().modifiedIndex());
        ApplyResult r = m.set("/message", "Hello world");
        assertEquals(2, r.event().index(), "the seed's first write has index 2");
    }

    @Test
    void aRestartReplaysTheLogAndTheTermMovesOn() throws Exception {
        TestMember m = alone("solo");
        await(m.node::isLeader, "leader");
        for (int i = 0; i < 50; i++) {
            m.set("/k" + i, "v" + i);
        }
        long term = m.node.term();
        m.close();
        members.remove(m);
        TestMember again = alone("solo");
        assertEquals("v49", again.valueOf("/k49"), "the store is rebuilt before start returns");
        await(again.node::isLeader, "the only voter leads again");
        assertTrue(again.node.term() > term, "a restart is a new election");
        assertEquals(52, again.set("/after", "x").event().index());
    }

    @Test
    void snapshotsCompactTheLogAndARestartStartsFromTheNewest() throws Exception {
        TestMember m = alone("solo", 100);
        await(m.node::isLeader, "leader");
        writeConcurrently(List.of(m), 1_000);
        // One snapshot is written at a time, in the background: write on until one covers index 900.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int extra = 0;
        while (newestSnapshotIndex(m.dataDir) < 900) {
            assertTrue(System.nanoTime() < deadline, "no snapshot at or past index 900");
            m.set("/extra" + extra++, "x");
        }
        m.close();
        members.remove(m);
        TestMember again = alone("solo", 100);
        assertEquals("v999", again.valueOf("/w999"));
        assertTrue(
                again.storage.memory().snapshot().index() >= 900,
                "started from a recent snapshot: " + again.storage.memory().snapshot());
    }

    @Test
    void theLeaderLogsExpiryWithItsClockAndEveryMemberDeletesAtTheSameIndex() throws Exception {
        List<TestMember> c = threeMembers();
        TestMember leader = leaderOf(c);
        ApplyResult withTtl = leader.node
                .propose(Command.set(
                        "/ttl", false, "soon", clock.instant().plusSeconds(5).getEpochSecond() * 1_000_000_000L))
                .get(10, TimeUnit.SECONDS);
        assertNull(withTtl.error());
        for (TestMember m : c) {
            await(() -> "soon".equals(m.valueOf("/ttl")), m.name + " has the key");
        }
        clock.advance(Duration.ofSeconds(6));
        for (TestMember m : c) {
            await(() -> m.valueOf("/ttl") == null, m.name + " applied the leader's EXPIRE");
        }
        long index = leader.store.index();
        for (TestMember m : c) {
            await(() -> m.store.index() == index, m.name + " at store index " + index);
        }
    }

    @Test
    void loneWritesAreAnsweredByTheApplyThreadAndAnswersFromElsewhereGoToThePool() throws Exception {
        TestMember m = alone("solo");
        await(m.node::isLeader, "leader");
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-pool"));
        try {
            Executor answers = m.node.answerExecutor(pool);
            // One write at a time is a batch of one with nothing behind it: answered without waking a pool thread.
            // (Now and then the Raft thread queues a second batch behind it, so the test asks for one, not all.)
            int inline = 0;
            for (int i = 0; i < 50 && inline == 0; i++) {
                String thread = m.node.propose(Command.set("/one/at/a/time", false, "v" + i, Command.PERMANENT))
                        .thenApplyAsync(result -> Thread.currentThread().getName(), answers)
                        .get(15, TimeUnit.SECONDS);
                inline += thread.equals("etcdj-apply") ? 1 : 0;
            }
            assertTrue(inline > 0, "no lone write in 50 was answered on the apply thread");
            CompletableFuture<String> elsewhere = new CompletableFuture<>();
            answers.execute(() -> elsewhere.complete(Thread.currentThread().getName()));
            assertEquals(
                    "test-pool",
                    elsewhere.get(15, TimeUnit.SECONDS),
                    "an answer completed on any other thread (a failure on the Raft thread) goes to the pool");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWriteOnTheLeaderIsOnEveryMemberAndAQuorumReadOnAFollowerSeesIt() throws Exception {
        List<TestMember> c = threeMembers();
        TestMember leader = leaderOf(c);
        leader.set("/shared", "one");
        TestMember follower = c.stream().filter(m -> m != leader).findFirst().orElseThrow();
        follower.node.readBarrier().get(10, TimeUnit.SECONDS);
        assertEquals("one", follower.valueOf("/shared"), "a quorum read waits until the write is applied here");
        for (TestMember m : c) {
            await(() -> "one".equals(m.valueOf("/shared")), m.name + " applied the write");
            assertEquals(3, m.node.members().all().size());
        }
    }

    @Test
    void aQuorumReadOnANewLeaderWaitsForItsFirstCommitInsteadOfFailing() throws Exception {
        List<TestMember> c = threeMembers(10_000, TestMember.Timing.STEADY);
        TestMember old = leaderOf(c);
        old.set("/before", "1");
        TestMember fresh = newLeaderThatCannotCommit(c, old);
        CompletableFuture<Void> read = readReachingRaft(fresh);
        assertFalse(read.isDone(), "a quorum read must not be served before the new leader's first commit");
        network.heal();
        read.get(15, TimeUnit.SECONDS); // failed at once with error 300 before reads were held
        assertEquals("1", fresh.valueOf("/before"), "the read sees every write committed before it");
    }

    @Test
    void aQuorumReadHeldByALeaderThatStepsDownFailsAtOnceNotAtItsTimeout() throws Exception {
        List<TestMember> c = threeMembers(10_000, TestMember.Timing.STEADY);
        TestMember old = leaderOf(c);
        TestMember fresh = newLeaderThatCannotCommit(c, old);
        CompletableFuture<Void> read = readReachingRaft(fresh);
        network.isolate(fresh.node.selfId(), ids(c)); // check-quorum makes it step down
        ExecutionException failed = assertThrows(ExecutionException.class, () -> read.get(30, TimeUnit.SECONDS));
        assertInstanceOf(ProposalRejectedException.class, failed.getCause());
        assertTrue(
                failed.getCause().getMessage().contains("leadership changed"),
                "failed by the step-down, not by the 10 s sweep: "
                        + failed.getCause().getMessage());
    }

    @Test
    void anIsolatedLeaderIsReplacedAndCatchesUpWhenTheNetworkHeals() throws Exception {
        List<TestMember> c = threeMembers();
        TestMember old = leaderOf(c);
        old.set("/before", "1");
        network.isolate(old.node.selfId(), ids(c));
        List<TestMember> rest = c.stream().filter(m -> m != old).toList();
        await(() -> rest.stream().anyMatch(m -> m.node.isLeader()), "the majority elects a new leader");
        TestMember fresh = leaderOf(rest);
        assertEquals("1", fresh.valueOf("/before"), "a committed write survives the leader");
        fresh.set("/after", "2");
        // Check-quorum: the old leader steps down once it misses a majority for an election timeout.
        await(() -> !old.node.isLeader(), "the isolated leader steps down");
        ExecutionException refused = assertThrows(ExecutionException.class, () -> old.set("/lost", "x"));
        assertInstanceOf(ProposalRejectedException.class, refused.getCause());
        network.heal();
        await(() -> "2".equals(old.valueOf("/after")), "the old leader catches up after the heal");
        assertNull(old.valueOf("/lost"));
    }

    @Test
    void aMemberFarBehindCatchesUpByInstallingASnapshot() throws Exception {
        List<TestMember> c = threeMembers(200);
        TestMember lagging = isolatedUntilOnlyASnapshotCatchesItUp(c);
        List<TestMember> others = c.stream().filter(m -> m != lagging).toList();
        network.heal();
        long target = leaderOf(others).store.index();
        await(() -> lagging.store.index() >= target, "the lagging member catches up to store index " + target);
        assertEquals("v5999", lagging.valueOf("/w5999"));
        assertTrue(lagging.storage.memory().snapshot().index() > 0, "it installed a snapshot");
    }

    @Test
    void aDamagedSnapshotFileIsWrittenAgainSoAMemberFarBehindStillCatchesUpInAnIdleCluster() throws Exception {
        List<TestMember> c = threeMembers(200);
        TestMember lagging = isolatedUntilOnlyASnapshotCatchesItUp(c);
        List<TestMember> others = c.stream().filter(m -> m != lagging).toList();
        int extra = 0;
        // Then the cluster goes idle with no snapshot nearly due on the two that may lead: the entry a new leader
        // appends must not take one (its file would be whole). Each snapshot is taken by the apply thread after a
        // batch; a read it answers after that batch (the second of two in a row) shows it is done with it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            long written = leaderOf(others).node.appliedIndex();
            for (TestMember m : others) {
                await(() -> m.node.appliedIndex() >= written, m.name + " applied every write");
                m.node.readBarrier().get(15, TimeUnit.SECONDS);
                m.node.readBarrier().get(15, TimeUnit.SECONDS);
            }
            if (others.stream()
                    .allMatch(m -> m.node.appliedIndex()
                                    - m.storage.memory().snapshot().index()
                            < 180)) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "no point where neither member was due a snapshot");
            writeConcurrently(c, "/idle" + extra++, 1);
        }
        // Once each newest snapshot's file is complete, damage it on the two that may lead.
        for (TestMember m : others) {
            Snapshot newest = m.storage.memory().snapshot();
            await(
                    () -> newestSnapshotIndex(m.dataDir) == newest.index(),
                    m.name + " finished writing its newest snapshot file");
            Path file = m.dataDir.resolve("snap").resolve(SnapshotFiles.fileName(newest.index(), newest.term()));
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(file, bytes);
        }
        // The leader may still hold a copy it read before the damage, for its next send to the isolated member. The
        // other one never read its file: stop the leader, so that the next one has only its damaged file to send.
        TestMember oldLeader = leaderOf(others);
        TestMember next =
                others.stream().filter(m -> m != oldLeader).findFirst().orElseThrow();
        oldLeader.close();
        members.remove(oldLeader);
        network.heal();
        await(next.node::isLeader, next.name + " leads with the member that was behind");
        long target = next.store.index();
        // The new leader finds its file unreadable when the lagging member needs it, writes a new one from the store
        // and sends that; before, the member waited for a snapshot an idle cluster never takes.
        await(() -> lagging.store.index() >= target, "the lagging member catches up to store index " + target);
        assertEquals("v5999", lagging.valueOf("/w5999"));
        assertTrue(lagging.storage.memory().snapshot().index() > 0, "it installed a snapshot");
    }

    /**
     * Isolates a follower of {@code c} and writes until both others have dropped the entries it needs from their logs,
     * so that only a snapshot can catch it up; returns it. Snapshots are taken in the background, one at a time, and
     * each member keeps 5,000 entries behind its latest. What the follower needs is decided by the end of its log,
     * not by what it applied: entries it holds but had not applied yet (a busy machine) would let the leader catch it
     * up from the log, and no snapshot would be sent. Both others must have compacted: either may lead after a heal.
     */
    private TestMember isolatedUntilOnlyASnapshotCatchesItUp(List<TestMember> c) throws Exception {
        TestMember leader = leaderOf(c);
        TestMember lagging = c.stream().filter(m -> m != leader).findFirst().orElseThrow();
        network.isolate(lagging.node.selfId(), ids(c));
        writeConcurrently(c, 6_000);
        List<TestMember> others = c.stream().filter(m -> m != lagging).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int extra = 0;
        while (others.stream()
                .anyMatch(m -> m.storage.memory().firstIndex()
                        <= lagging.storage.memory().lastIndex() + 1)) {
            assertTrue(System.nanoTime() < deadline, "the others never compacted their logs");
            writeConcurrently(c, "/extra" + extra++, 1);
        }
        return lagging;
    }

    @Test
    void aMemberJoinsThroughAFollowerAndARemovedMemberIsToldSo() throws Exception {
        List<TestMember> c = threeMembers();
        TestMember leader = leaderOf(c);
        leader.set("/old", "data");
        TestMember follower = c.stream().filter(m -> m != leader).findFirst().orElseThrow();
        TestMember fourth = TestMember.join("m4", dir.resolve("m4"), network, clock, 10_000, follower.transport.url());
        members.add(fourth);
        await(() -> "data".equals(fourth.valueOf("/old")), "the new member receives the log");
        assertEquals(4, leader.node.members().all().size());
        assertTrue(leader.node.requestRemoval("m4").ok());
        fourth.node.removed().get(10, TimeUnit.SECONDS);
        assertEquals(3, leader.node.members().all().size());
        assertEquals(
                "no member is named nobody",
                leader.node.requestRemoval("nobody").error());
    }

    // ---- helpers ----

    private TestMember alone(String name) throws Exception {
        return alone(name, 10_000);
    }

    private TestMember alone(String name, long snapshotEvery) throws Exception {
        return alone(name, snapshotEvery, TestMember.Timing.FAST);
    }

    private TestMember alone(String name, long snapshotEvery, TestMember.Timing timing) throws Exception {
        return cluster.alone(name, snapshotEvery, timing);
    }

    private List<TestMember> threeMembers() throws Exception {
        return threeMembers(10_000);
    }

    private List<TestMember> threeMembers(long snapshotEvery) throws Exception {
        return threeMembers(snapshotEvery, TestMember.Timing.FAST);
    }

    private List<TestMember> threeMembers(long snapshotEvery, TestMember.Timing timing) throws Exception {
        return cluster.threeMembers(snapshotEvery, timing);
    }

    /**
     * Isolates {@code old} and loses every append acknowledgement, so the member the other two elect leads without
     * being able to commit the empty entry of its term until {@link Network#heal()}.
     */
    private TestMember newLeaderThatCannotCommit(List<TestMember> c, TestMember old) throws InterruptedException {
        network.dropIf(m -> m.type() == MessageType.MsgAppResp);
        network.isolate(old.node.selfId(), ids(c));
        List<TestMember> rest = c.stream().filter(m -> m != old).toList();
        return leaderOf(rest);
    }

    /**
     * A quorum read on {@code leader}, returned once its Raft thread has handed it to Raft: the write proposed after
     * it goes through the same queue, so its append leaving the leader proves the read was taken (or refused) first.
     */
    private CompletableFuture<Void> readReachingRaft(TestMember leader) throws InterruptedException {
        AtomicBoolean writeSent = new AtomicBoolean();
        long leaderId = leader.node.selfId();
        network.dropIf(m -> {
            if (m.type() == MessageType.MsgApp
                    && m.from() == leaderId
                    && m.entries().stream().anyMatch(e -> e.data().length > 0)) {
                writeSent.set(true);
            }
            return m.type() == MessageType.MsgAppResp;
        });
        CompletableFuture<Void> read = leader.node.readBarrier();
        leader.node.propose(Command.set("/marker", false, "x", Command.PERMANENT));
        await(writeSent::get, "the write queued after the read is sent by " + leader.name);
        return read;
    }

    private static TestMember leaderOf(List<TestMember> c) throws InterruptedException {
        return InProcessCluster.leaderOf(c);
    }

    private static Set<Long> ids(List<TestMember> c) {
        return InProcessCluster.ids(c);
    }

    /**
     * Many writes in flight at once, as many clients would send them (the leader batches them). A write refused
     * because leadership moved (a loaded machine can delay heartbeats past the election timeout) is sent again to
     * the new leader, as a client would; every write must succeed in the end.
     */
    private static void writeConcurrently(List<TestMember> cluster, int count) throws Exception {
        writeConcurrently(cluster, "/w", count);
    }

    /** As {@link #writeConcurrently(List, int)}, keys {@code prefix + i}. */
    private static void writeConcurrently(List<TestMember> cluster, String prefix, int count) throws Exception {
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            todo.add(i);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!todo.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, todo.size() + " writes still refused after 60 s");
            TestMember leader = leaderOf(cluster);
            List<Integer> refused = new ArrayList<>();
            for (int from = 0; from < todo.size(); from += 500) {
                List<Integer> chunk = todo.subList(from, Math.min(todo.size(), from + 500));
                List<CompletableFuture<ApplyResult>> inFlight = new ArrayList<>();
                for (int i : chunk) {
                    inFlight.add(leader.node.propose(Command.set(prefix + i, false, "v" + i, Command.PERMANENT)));
                }
                for (int k = 0; k < chunk.size(); k++) {
                    try {
                        assertNull(inFlight.get(k).get(20, TimeUnit.SECONDS).error());
                    } catch (ExecutionException e) {
                        assertInstanceOf(ProposalRejectedException.class, e.getCause());
                        refused.add(chunk.get(k));
                    }
                }
            }
            todo = refused;
        }
    }

    /** The index in the newest snapshot file's name ({@code %016x-%016x.snap}: index, term), 0 if none. */
    private static long newestSnapshotIndex(Path dataDir) {
        try (Stream<Path> files = Files.list(dataDir.resolve("snap"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".snap"))
                    .mapToLong(n -> Long.parseUnsignedLong(n.substring(0, 16), 16))
                    .max()
                    .orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        InProcessCluster.await(condition, what);
    }

    /** A clock the test moves, so TTL expiry happens when the test says. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
