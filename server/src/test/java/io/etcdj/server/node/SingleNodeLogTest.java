package io.etcdj.server.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.server.command.Applier;
import io.etcdj.server.command.Command;
import io.etcdj.server.command.Command.Op;
import io.etcdj.store.Action;
import io.etcdj.store.ErrorCode;
import io.etcdj.store.Event;
import io.etcdj.store.StoreException;
import io.etcdj.store.V2Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleNodeLogTest {
    private static final Instant T0 = Instant.parse("2024-05-06T07:08:09.5Z");
    private static final long TIMEOUT_S = 10;

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @TempDir
    Path dataDir;

    private final List<SingleNodeLog> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (SingleNodeLog log : opened) {
            log.close();
        }
    }

    private SingleNodeLog open(V2Store store, Clock clock, long snapshotEvery) throws Exception {
        SingleNodeLog log = SingleNodeLog.open(dataDir, store, clock, snapshotEvery);
        opened.add(log);
        return log;
    }

    private static Command set(String key, String value) {
        return new Command(Op.SET, key, value, false, false, null, 0, Command.PERMANENT);
    }

    private static ApplyResult await(CompletableFuture<ApplyResult> f) throws Exception {
        return f.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static String value(V2Store store, String key) throws StoreException {
        return store.get(key, false, false).node().value();
    }

    @Test
    void proposalsApplyInOrderWithIndices() throws Exception {
        TestClock clock = new TestClock(T0);
        V2Store store = new V2Store(clock);
        SingleNodeLog log = open(store, clock, 10_000);
        assertTrue(log.isFresh());
        assertEquals(1, log.term());
        for (int i = 1; i <= 5; i++) {
            ApplyResult r = await(log.propose(set("/k", "v" + i)));
            assertNull(r.error());
            assertEquals(i, r.event().index());
            assertEquals(i, r.raftIndex());
            assertEquals(1, r.raftTerm());
            assertEquals(i == 1 ? Action.SET : Action.SET, r.event().action());
            assertEquals(i == 1, r.event().prevNode() == null);
        }
        assertEquals("v5", value(store, "/k"));
        assertEquals(5, log.commitIndex());
        assertEquals(5, log.appliedIndex());
    }

    @Test
    void refusalsAreResultsAndStillTakeALogIndex() throws Exception {
        TestClock clock = new TestClock(T0);
        V2Store store = new V2Store(clock);
        SingleNodeLog log = open(store, clock, 10_000);
        await(log.propose(set("/k", "one")));
        ApplyResult r = await(log.propose(
                new Command(Op.COMPARE_AND_SWAP, "/k", "two", false, false, "nope", 0, Command.PERMANENT)));
        assertNull(r.event());
        assertNotNull(r.error());
        assertEquals(ErrorCode.TEST_FAILED, r.error().errorCode());
        assertEquals(2, r.raftIndex());
        assertEquals(1, store.index(), "a refused command makes no store event");
    }

    private void writeAMix(SingleNodeLog log) throws Exception {
        await(log.propose(set("/a", "1")));
        await(log.propose(set("/dir/b", "2")));
        await(log.propose(new Command(Op.CREATE, "/queue", "job", false, true, null, 0, Command.PERMANENT)));
        await(log.propose(new Command(Op.COMPARE_AND_SWAP, "/a", "1b", false, false, "1", 0, Command.PERMANENT)));
        await(log.propose(new Command(Op.COMPARE_AND_SWAP, "/a", "x", false, false, "wrong", 0, Command.PERMANENT)));
        await(log.propose(new Command(Op.UPDATE, "/dir/b", "2b", false, false, null, 0, Command.PERMANENT)));
        await(log.propose(new Command(Op.SET, "/emptydir", "", true, false, null, 0, Command.PERMANENT)));
        await(log.propose(new Command(Op.SET, "/later", "x", false, false, null, 0,
                Applier.toEpochNanos(T0.plusSeconds(3600)))));
        await(log.propose(set("/gone", "soon")));
        await(log.propose(new Command(Op.DELETE, "/gone", "", false, false, null, 0, Command.PERMANENT)));
        await(log.propose(set("/unicode/ключ", "値 🎉")));
    }

    @Test
    void restartReplaysToAnIdenticalStore() throws Exception {
        TestClock clock = new TestClock(T0);
        V2Store store = new V2Store(clock);
        SingleNodeLog log = open(store, clock, 10_000);
        writeAMix(log);
        long index = store.index();
        long commit = log.commitIndex();
        Event before = store.get("/", true, true);
        byte[] saved = store.save();
        log.close();

        V2Store replayed = new V2Store(clock);
        SingleNodeLog again = open(replayed, clock, 10_000);
        assertFalse(again.isFresh());
        assertEquals(index, replayed.index());
        assertEquals(commit, again.commitIndex());
        assertEquals(before, replayed.get("/", true, true));
        assertArrayEquals(saved, replayed.save());
        assertEquals("1b", value(replayed, "/a"));
        assertEquals("値 🎉", value(replayed, "/unicode/ключ"));

        // New entries continue after the replayed ones.
        ApplyResult next = await(again.propose(set("/after", "restart")));
        assertEquals(commit + 1, next.raftIndex());
        assertEquals(index + 1, next.event().index());
    }

    @Test
    void termGrowsAcrossRestarts() throws Exception {
        TestClock clock = new TestClock(T0);
        long previous = 0;
        for (int round = 0; round < 3; round++) {
            SingleNodeLog log = SingleNodeLog.open(dataDir, new V2Store(clock), clock, 10_000);
            try {
                assertTrue(log.term() > previous, "term " + log.term() + " after " + previous);
                ApplyResult r = await(log.propose(set("/round", Integer.toString(round))));
                assertEquals(log.term(), r.raftTerm());
                previous = log.term();
            } finally {
                log.close();
            }
        }
    }

    @Test
    void termGrowsEvenWithoutWritesInBetween() throws Exception {
        TestClock clock = new TestClock(T0);
        SingleNodeLog first = SingleNodeLog.open(dataDir, new V2Store(clock), clock, 10_000);
        long t1 = first.term();
        first.close();
        SingleNodeLog second = SingleNodeLog.open(dataDir, new V2Store(clock), clock, 10_000);
        long t2 = second.term();
        second.close();
        assertTrue(t2 > t1, t1 + " then " + t2);
    }

    @Test
    void snapshotsAreTakenAndARestartRecoversEverything() throws Exception {
        TestClock clock = new TestClock(T0);
        V2Store store = new V2Store(clock);
        SingleNodeLog log = open(store, clock, 10);
        for (int i = 1; i <= 35; i++) {
            ApplyResult r = await(log.propose(set("/s/k" + (i % 7), "v" + i)));
            assertNull(r.error());
        }
        Path snap = dataDir.resolve("snap");
        assertTrue(Files.isDirectory(snap), "no snap/ directory");
        try (Stream<Path> files = Files.list(snap)) {
            assertFalse(files.toList().isEmpty(), "no snapshot after 35 writes with -snapshot-count 10");
        }
        long index = store.index();
        Event before = store.get("/", true, true);
        log.close();

        V2Store recovered = new V2Store(clock);
        SingleNodeLog again = open(recovered, clock, 10);
        assertEquals(index, recovered.index());
        assertEquals(35, again.commitIndex());
        assertEquals(before, recovered.get("/", true, true));
        assertEquals("v35", value(recovered, "/s/k0"));
        assertEquals(36, await(again.propose(set("/s/next", "x"))).raftIndex());
    }

    @Test
    void expiryIsLoggedByTheLogItselfAndSurvivesARestart() throws Exception {
        TestClock clock = new TestClock(T0);
        V2Store store = new V2Store(clock);
        SingleNodeLog log = open(store, clock, 10_000);
        await(log.propose(set("/keep", "forever")));
        long expire = Applier.toEpochNanos(T0.plusSeconds(5));
        ApplyResult r = await(log.propose(new Command(Op.SET, "/ttl", "v", false, false, null, 0, expire)));
        assertEquals(T0.plusSeconds(5), r.event().node().expiration());
        assertEquals(2, store.index());

        CompletableFuture<Event> expired = new CompletableFuture<>();
        store.watch("/ttl", false, false, 0, expired::complete);
        clock.advance(6);
        // Nothing but the log's own expiry check can remove the key: no proposal is made here.
        Event event = expired.get(5, TimeUnit.SECONDS);
        assertEquals(Action.EXPIRE, event.action());
        assertEquals("/ttl", event.node().key());
        assertEquals("v", event.prevNode().value());
        StoreException gone = assertThrows(StoreException.class, () -> store.get("/ttl", false, false));
        assertEquals(ErrorCode.KEY_NOT_FOUND, gone.errorCode());
        log.readBarrier().get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(3, store.index(), "one expire event");
        assertEquals(1, store.stats().get("expireCount"));
        long commit = log.commitIndex();
        assertEquals(3, commit, "the EXPIRE is an entry of the log");
        log.close();

        // Restart with the clock back before the expiration: only the logged EXPIRE can remove the key.
        TestClock earlier = new TestClock(T0);
        V2Store replayed = new V2Store(earlier);
        SingleNodeLog again = open(replayed, earlier, 10_000);
        StoreException missing = assertThrows(StoreException.class, () -> replayed.get("/ttl", false, false));
        assertEquals(ErrorCode.KEY_NOT_FOUND, missing.errorCode());
        assertEquals("forever", value(replayed, "/keep"));
        assertEquals(3, replayed.index());
        assertEquals(commit, again.commitIndex());
    }

    @Test
    void concurrentProposalsGetDistinctGaplessIndices() throws Exception {
        TestClock clock = new TestClock(T0);
        V2Store store = new V2Store(clock);
        SingleNodeLog log = open(store, clock, 10_000);
        int threads = 8;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<CompletableFuture<ApplyResult>>>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                submitted.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<ApplyResult>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(log.propose(set("/c/t" + thread + "/k" + i, "v")));
                    }
                    return mine;
                }));
            }
            start.countDown();
            TreeSet<Long> eventIndices = new TreeSet<>();
            TreeSet<Long> raftIndices = new TreeSet<>();
            for (Future<List<CompletableFuture<ApplyResult>>> f : submitted) {
                for (CompletableFuture<ApplyResult> p : f.get(TIMEOUT_S, TimeUnit.SECONDS)) {
                    ApplyResult r = await(p);
                    assertNull(r.error());
                    assertTrue(eventIndices.add(r.event().index()), "duplicate index " + r.event().index());
                    assertTrue(raftIndices.add(r.raftIndex()));
                    assertEquals(r.raftIndex(), r.event().index());
                }
            }
            int total = threads * perThread;
            assertEquals(total, eventIndices.size());
            assertEquals(1L, eventIndices.first());
            assertEquals((long) total, eventIndices.last(), "indices have a gap");
            assertEquals(total, store.index());
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(TIMEOUT_S, TimeUnit.SECONDS));
        }
    }

    @Test
    void readBarrierCompletesAfterWrites() throws Exception {
        TestClock clock = new TestClock(T0);
        V2Store store = new V2Store(clock);
        SingleNodeLog log = open(store, clock, 10_000);
        log.readBarrier().get(TIMEOUT_S, TimeUnit.SECONDS);
        List<CompletableFuture<ApplyResult>> writes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            writes.add(log.propose(set("/rb/" + i, "v")));
        }
        long committedBefore = log.commitIndex();
        log.readBarrier().get(TIMEOUT_S, TimeUnit.SECONDS);
        assertTrue(log.appliedIndex() >= committedBefore);
        for (CompletableFuture<ApplyResult> w : writes) {
            await(w);
        }
        log.readBarrier().get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(50, store.index());
    }

    @Test
    void proposeAfterCloseIsRejected() throws Exception {
        TestClock clock = new TestClock(T0);
        SingleNodeLog log = open(new V2Store(clock), clock, 10_000);
        await(log.propose(set("/x", "1")));
        log.close();
        CompletableFuture<ApplyResult> late = log.propose(set("/x", "2"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(ProposalRejectedException.class, e.getCause());
    }
}
