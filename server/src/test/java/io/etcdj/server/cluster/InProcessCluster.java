package io.etcdj.server.cluster;

import io.etcdj.peer.inmem.Network;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Members of one in-process cluster ({@link TestMember}s on real WAL files in a test's temp dir, linked by the
 * in-memory network, so partitions are exact), closed together at the end of a test.
 */
final class InProcessCluster implements AutoCloseable {
    final Network network = new Network();
    /** Every member started and not yet closed by the test itself. */
    final List<TestMember> members = new ArrayList<>();

    private final Path dir;
    private final Clock clock;

    InProcessCluster(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** A new cluster of one (or a restart of its data dir). */
    TestMember alone(String name, long snapshotEvery, TestMember.Timing timing) throws Exception {
        TestMember m = TestMember.startAlone(name, dir.resolve(name), network, clock, snapshotEvery, timing);
        members.add(m);
        return m;
    }

    /** m1 alone, then m2 and m3 joining through it, each registered before the next. */
    List<TestMember> threeMembers(long snapshotEvery, TestMember.Timing timing) throws Exception {
        TestMember first = alone("m1", snapshotEvery, timing);
        await(first.node::isLeader, "m1 leads");
        for (String name : List.of("m2", "m3")) {
            TestMember m = TestMember.join(
                    name, dir.resolve(name), network, clock, snapshotEvery, first.transport.url(), timing);
            members.add(m);
            await(() -> m.node.members().byName(name).isPresent(), name + " registered");
        }
        return List.copyOf(members);
    }

    static TestMember leaderOf(List<TestMember> c) throws InterruptedException {
        await(() -> c.stream().filter(m -> m.node.isLeader()).count() == 1, "one leader");
        return c.stream().filter(m -> m.node.isLeader()).findFirst().orElseThrow();
    }

    static TestMember followerOf(List<TestMember> c) throws InterruptedException {
        TestMember leader = leaderOf(c);
        return c.stream().filter(m -> m != leader).findFirst().orElseThrow();
    }

    static Set<Long> ids(List<TestMember> c) {
        Set<Long> ids = new HashSet<>();
        c.forEach(m -> ids.add(m.node.selfId()));
        return ids;
    }

    /** Polls an observable condition, bounded at 20 s. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws Exception {
        for (TestMember m : members) {
            m.close();
        }
        network.close();
    }
}
