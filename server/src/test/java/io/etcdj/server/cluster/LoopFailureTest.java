package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.server.command.ProposalRejectedException;
import io.etcdj.server.wal.HardState;
import io.etcdj.server.wal.LogEntry;
import io.etcdj.server.wal.Wal;
import io.etcdj.store.Store;
import io.etcdj.store.V2Store;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loop that cannot go on stops the member loudly; an entry that cannot be decoded does not stop it. */
class LoopFailureTest {
    @TempDir
    Path dir;

    private InProcessCluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new InProcessCluster(dir, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void anEntryThatDoesNotDecodeIsAppliedAsANoOpAndTheMemberRestartsPastIt() throws Exception {
        TestMember m = start(new V2Store(Clock.systemUTC()));
        HostilePeerTest.await(m.node::isLeader, "leader");
        m.set("/before", "1");
        m.close();
        cluster.members.remove(m);
        // A two-byte normal entry committed in the log, as a forged MsgApp or MsgProp once put there.
        long damagedIndex;
        try (Wal wal = Wal.open(dir.resolve("solo").resolve("wal"), 0, 0)) {
            HardState hs = wal.recoveredHardState();
            damagedIndex = wal.lastIndex() + 1;
            wal.append(
                    List.of(new LogEntry(hs.term(), damagedIndex, RaftStorage.TYPE_NORMAL, new byte[] {1, 2})),
                    new HardState(hs.term(), hs.vote(), damagedIndex));
            wal.sync();
        }
        TestMember again = start(new V2Store(Clock.systemUTC())); // used to wait for an apply thread that had died
        assertEquals(1, again.node.rejectedInput().get(ConfChanges.KIND), "the entry was skipped and counted");
        assertTrue(again.node.appliedIndex() >= damagedIndex);
        assertEquals("1", again.valueOf("/before"));
        HostilePeerTest.await(again.node::isLeader, "leader again");
        assertNull(again.set("/after", "2").error());
        assertNull(again.node.health().problem());
    }

    @Test
    void theApplyThreadDyingFailsTheMemberAndAnswersEveryoneAtOnce() throws Exception {
        TestMember m = start(storeThatDiesOn("/boom"));
        HostilePeerTest.await(m.node::isLeader, "leader");
        assertNull(m.set("/fine", "1").error());
        assertNull(m.node.health().problem());

        long started = System.nanoTime();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> m.set("/boom", "x"));
        assertInstanceOf(ProposalRejectedException.class, failed.getCause());
        assertTrue(
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 5,
                "answered when the loop died, not after the 10 s request timeout");
        String reason = m.node.health().failure().get(5, TimeUnit.SECONDS);
        assertTrue(reason.contains("apply loop") && reason.contains("OutOfMemoryError"), reason);
        assertNotNull(m.node.health().problem(), "/health reports it");
        ExecutionException refused = assertThrows(ExecutionException.class, () -> m.set("/later", "y"));
        assertTrue(
                refused.getCause().getMessage().contains("apply loop"),
                refused.getCause().getMessage());
    }

    private TestMember start(Store store) throws Exception {
        TestMember m =
                TestMember.startAlone("solo", dir.resolve("solo"), cluster.network, Clock.systemUTC(), 10_000, store);
        cluster.members.add(m);
        return m;
    }

    /** A real store, except that setting {@code key} throws OutOfMemoryError, as a huge value might. */
    private static Store storeThatDiesOn(String key) {
        Store real = new V2Store(Clock.systemUTC());
        return (Store) Proxy.newProxyInstance(
                Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
                    if (method.getName().equals("set") && key.equals(args[0])) {
                        throw new OutOfMemoryError("simulated: Java heap space");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
