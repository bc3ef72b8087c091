package io.etcdj.server.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mousio.client.retry.RetryNTimes;
import mousio.etcd4j.EtcdClient;
import mousio.etcd4j.promises.EtcdResponsePromise;
import mousio.etcd4j.requests.EtcdVersionRequest;
import mousio.etcd4j.responses.EtcdErrorCode;
import mousio.etcd4j.responses.EtcdException;
import mousio.etcd4j.responses.EtcdKeyAction;
import mousio.etcd4j.responses.EtcdKeysResponse;
import mousio.etcd4j.responses.EtcdKeysResponse.EtcdNode;
import mousio.etcd4j.transport.EtcdNettyClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * etcd4j ({@code org.mousio:etcd4j}, a Netty-based v2 client nobody here wrote) against one real etcdj node.
 * Every request is bounded by the request's own timeout; watches use an explicit waitIndex so a change that
 * reaches the server before the watch is still seen (no sleeps).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Etcd4jTest {
    private static final long T = 5; // seconds, per request

    private Path dir;
    private ClientServer server;
    private EtcdClient etcd;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("etcd4j");
        server = ClientServer.start(dir);
        etcd = new EtcdClient(URI.create(server.base()));
        etcd.setRetryHandler(new RetryNTimes(20, 2));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (etcd != null) {
                etcd.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static EtcdException etcdError(int code, Executable call) {
        EtcdException e = assertThrows(EtcdException.class, call);
        assertEquals(code, e.errorCode, e.getMessage());
        assertNotNull(e.index, "error index: " + e.getMessage());
        return e;
    }

    @Test
    void oldVersionRequestReadsTheText() {
        assertEquals("etcd 0.4.6", etcd.getVersion());
    }

    /**
     * etcd4j's version() is documented for etcd 2.1+: it decodes JSON ({"etcdserver","etcdcluster"}). etcd 0.4.6
     * answers plain text {@code etcd 0.4.6}, so it cannot decode it; version() swallows that and returns null.
     * This pins etcd 0.4.6's answer (a server answering 2.x JSON here would break getVersion() and 0.4 clients).
     */
    @Test
    void versionJsonOfEtcd2IsNotWhatEtcd046Answers() throws Exception {
        assertNull(etcd.version());
        try (EtcdNettyClient raw =
                new EtcdNettyClient(mousio.etcd4j.EtcdSecurityContext.NONE, URI.create(server.base()))) {
            EtcdVersionRequest req = new EtcdVersionRequest(raw, new RetryNTimes(20, 0));
            req.timeout(T, TimeUnit.SECONDS);
            Exception e = assertThrows(Exception.class, () -> req.send().get());
            System.out.println("etcd4j version() on etcd 0.4.6 text: " + e);
        }
    }

    @Test
    void putGetDelete() throws Exception {
        EtcdKeysResponse put =
                etcd.put("/j/k", "v1").timeout(T, TimeUnit.SECONDS).send().get();
        assertEquals(EtcdKeyAction.set, put.action);
        assertEquals("/j/k", put.node.key);
        assertEquals("v1", put.node.value);
        assertNull(put.prevNode);
        assertNotNull(put.etcdIndex, "X-Etcd-Index");
        assertNotNull(put.raftIndex, "X-Raft-Index");
        assertNotNull(put.raftTerm, "X-Raft-Term");
        assertTrue(put.etcdIndex >= put.node.modifiedIndex, "X-Etcd-Index " + put.etcdIndex);

        EtcdKeysResponse get =
                etcd.get("/j/k").timeout(T, TimeUnit.SECONDS).send().get();
        assertEquals(EtcdKeyAction.get, get.action);
        assertEquals("v1", get.node.value);
        assertEquals(put.node.modifiedIndex, get.node.modifiedIndex);
        assertEquals(put.node.createdIndex, get.node.createdIndex);

        EtcdKeysResponse over =
                etcd.put("/j/k", "v2").timeout(T, TimeUnit.SECONDS).send().get();
        assertEquals("v1", over.prevNode.value);

        EtcdKeysResponse del =
                etcd.delete("/j/k").timeout(T, TimeUnit.SECONDS).send().get();
        assertEquals(EtcdKeyAction.delete, del.action);
        assertEquals("v2", del.prevNode.value);
        assertNull(del.node.value);

        EtcdException e = etcdError(
                EtcdErrorCode.KeyNotFound,
                () -> etcd.get("/j/k").timeout(T, TimeUnit.SECONDS).send().get());
        assertEquals("/j/k", e.etcdCause);
        assertEquals("Key not found", e.etcdMessage);
        etcdError(
                EtcdErrorCode.KeyNotFound,
                () -> etcd.delete("/j/k").timeout(T, TimeUnit.SECONDS).send().get());
    }

    @Test
    void prevValueCompareAndSwap() throws Exception {
        etcd.put("/j/cas", "one").timeout(T, TimeUnit.SECONDS).send().get();
        EtcdKeysResponse ok = etcd.put("/j/cas", "two")
                .prevValue("one")
                .timeout(T, TimeUnit.SECONDS)
                .send()
                .get();
        assertEquals(EtcdKeyAction.compareAndSwap, ok.action);
        assertEquals("two", ok.node.value);
        assertEquals("one", ok.prevNode.value);

        EtcdException e = etcdError(
                EtcdErrorCode.TestFailed,
                () -> etcd.put("/j/cas", "three")
                        .prevValue("one")
                        .timeout(T, TimeUnit.SECONDS)
                        .send()
                        .get());
        assertEquals("Compare failed", e.etcdMessage);
        assertEquals("[one != two]", e.etcdCause);

        etcdError(
                EtcdErrorCode.TestFailed,
                () -> etcd.put("/j/cas", "three")
                        .prevIndex(ok.node.modifiedIndex - 1)
                        .timeout(T, TimeUnit.SECONDS)
                        .send()
                        .get());
        assertEquals(
                "three",
                etcd.put("/j/cas", "three")
                        .prevIndex(ok.node.modifiedIndex)
                        .timeout(T, TimeUnit.SECONDS)
                        .send()
                        .get()
                        .node
                        .value);
        assertEquals(
                "three", etcd.get("/j/cas").timeout(T, TimeUnit.SECONDS).send().get().node.value);
    }

    @Test
    void prevExist() throws Exception {
        EtcdKeysResponse created = etcd.put("/j/once", "a")
                .prevExist(false)
                .timeout(T, TimeUnit.SECONDS)
                .send()
                .get();
        assertEquals(EtcdKeyAction.create, created.action);
        EtcdException e = etcdError(
                EtcdErrorCode.NodeExist,
                () -> etcd.put("/j/once", "b")
                        .prevExist(false)
                        .timeout(T, TimeUnit.SECONDS)
                        .send()
                        .get());
        assertEquals("/j/once", e.etcdCause);

        EtcdKeysResponse updated = etcd.put("/j/once", "c")
                .prevExist(true)
                .timeout(T, TimeUnit.SECONDS)
                .send()
                .get();
        assertEquals(EtcdKeyAction.update, updated.action);
        assertEquals("a", updated.prevNode.value);
        etcdError(
                EtcdErrorCode.KeyNotFound,
                () -> etcd.put("/j/never", "x")
                        .prevExist(true)
                        .timeout(T, TimeUnit.SECONDS)
                        .send()
                        .get());
    }

    @Test
    void directoriesAndRecursiveGet() throws Exception {
        EtcdKeysResponse mk =
                etcd.putDir("/j/dir").timeout(T, TimeUnit.SECONDS).send().get();
        assertTrue(mk.node.dir);
        etcd.put("/j/dir/a", "1").timeout(T, TimeUnit.SECONDS).send().get();
        etcd.put("/j/dir/sub/b", "2").timeout(T, TimeUnit.SECONDS).send().get();

        EtcdNode all = etcd.getDir("/j/dir")
                .recursive()
                .sorted()
                .timeout(T, TimeUnit.SECONDS)
                .send()
                .get()
                .node;
        assertTrue(all.dir);
        assertEquals(
                List.of("/j/dir/a", "/j/dir/sub"),
                all.nodes.stream().map(n -> n.key).toList());
        assertEquals("1", all.nodes.get(0).value);
        EtcdNode sub = all.nodes.get(1);
        assertTrue(sub.dir);
        assertEquals(1, sub.nodes.size(), "recursive get lists grandchildren: " + sub);
        assertEquals("/j/dir/sub/b", sub.nodes.get(0).key);
        assertEquals("2", sub.nodes.get(0).value);

        EtcdNode shallow = etcd.getDir("/j/dir")
                .sorted()
                .timeout(T, TimeUnit.SECONDS)
                .send()
                .get()
                .node;
        EtcdNode shallowSub = shallow.nodes.get(1);
        assertTrue(shallowSub.nodes == null || shallowSub.nodes.isEmpty(), "non-recursive: " + shallowSub);

        etcdError(
                EtcdErrorCode.NotFile,
                () -> etcd.delete("/j/dir").timeout(T, TimeUnit.SECONDS).send().get());
        etcdError(
                EtcdErrorCode.DirNotEmpty,
                () -> etcd.deleteDir("/j/dir")
                        .timeout(T, TimeUnit.SECONDS)
                        .send()
                        .get());
        etcdError(
                EtcdErrorCode.NotDir,
                () -> etcd.put("/j/dir/a/below", "x")
                        .timeout(T, TimeUnit.SECONDS)
                        .send()
                        .get());
        etcdError(
                EtcdErrorCode.NodeExist,
                () -> etcd.putDir("/j/dir")
                        .prevExist(false)
                        .timeout(T, TimeUnit.SECONDS)
                        .send()
                        .get());
        etcd.deleteDir("/j/dir").recursive().timeout(T, TimeUnit.SECONDS).send().get();
        etcdError(
                EtcdErrorCode.KeyNotFound,
                () -> etcd.getDir("/j/dir").timeout(T, TimeUnit.SECONDS).send().get());
        etcdError(
                EtcdErrorCode.RootROnly,
                () -> etcd.deleteDir("/")
                        .recursive()
                        .timeout(T, TimeUnit.SECONDS)
                        .send()
                        .get());
    }

    @Test
    void ttlIsReportedAndTheKeyExpires() throws Exception {
        EtcdKeysResponse put = etcd.put("/j/ttl", "t")
                .ttl(100)
                .timeout(T, TimeUnit.SECONDS)
                .send()
                .get();
        assertNotNull(put.node.ttl);
        assertTrue(put.node.ttl > 0 && put.node.ttl <= 100, "ttl " + put.node.ttl);
        assertNotNull(put.node.expiration, "expiration (etcd4j parses it as a date)");
        assertTrue(put.node.expiration.getTime() > System.currentTimeMillis(), "expiration " + put.node.expiration);
        EtcdNode got = etcd.get("/j/ttl").timeout(T, TimeUnit.SECONDS).send().get().node;
        assertTrue(got.ttl > 0 && got.ttl <= 100, "ttl " + got.ttl);

        EtcdKeysResponse shortLived = etcd.put("/j/ttl", "t")
                .ttl(1)
                .timeout(T, TimeUnit.SECONDS)
                .send()
                .get();
        EtcdKeysResponse expired = etcd.get("/j/ttl")
                .waitForChange(shortLived.node.modifiedIndex + 1)
                .timeout(10, TimeUnit.SECONDS)
                .send()
                .get();
        assertEquals(EtcdKeyAction.expire, expired.action);
        assertEquals("t", expired.prevNode.value);
        etcdError(
                EtcdErrorCode.KeyNotFound,
                () -> etcd.get("/j/ttl").timeout(T, TimeUnit.SECONDS).send().get());
    }

    @Test
    void waitForChangeCompletesTheFutureOnAWrite() throws Exception {
        EtcdKeysResponse base = etcd.put("/j/watched", "before")
                .timeout(T, TimeUnit.SECONDS)
                .send()
                .get();
        EtcdResponsePromise<EtcdKeysResponse> watch = etcd.get("/j/watched")
                .waitForChange(base.node.modifiedIndex + 1)
                .timeout(10, TimeUnit.SECONDS)
                .send();
        CompletableFuture<EtcdKeysResponse> seen = outcome(watch);
        assertFalse(seen.isDone(), () -> "watch completed before the write: " + seen);

        etcd.put("/j/watched", "after").timeout(T, TimeUnit.SECONDS).send().get();
        EtcdKeysResponse event = seen.get(10, TimeUnit.SECONDS);
        assertEquals(EtcdKeyAction.set, event.action);
        assertEquals("after", event.node.value);
        assertEquals("before", event.prevNode.value);
        assertEquals(base.node.modifiedIndex + 1, (long) event.node.modifiedIndex);
    }

    @Test
    void recursiveWaitOnADirectorySeesAChild() throws Exception {
        EtcdKeysResponse base =
                etcd.put("/j/wdir/x", "0").timeout(T, TimeUnit.SECONDS).send().get();
        EtcdResponsePromise<EtcdKeysResponse> watch = etcd.getDir("/j/wdir")
                .recursive()
                .waitForChange(base.node.modifiedIndex + 1)
                .timeout(10, TimeUnit.SECONDS)
                .send();
        CompletableFuture<EtcdKeysResponse> seen = outcome(watch);
        etcd.put("/j/wdir/y", "1").timeout(T, TimeUnit.SECONDS).send().get();
        EtcdKeysResponse event = seen.get(10, TimeUnit.SECONDS);
        assertEquals("/j/wdir/y", event.node.key);
        assertEquals(EtcdKeyAction.set, event.action);
    }

    @Test
    void waitWithoutAnEventTimesOut() {
        EtcdKeysResponse[] got = new EtcdKeysResponse[1];
        assertThrows(
                TimeoutException.class,
                () -> got[0] = etcd.get("/j/quiet")
                        .waitForChange()
                        .timeout(1, TimeUnit.SECONDS)
                        .send()
                        .get(),
                () -> "got " + got[0]);
    }

    @Test
    void inOrderPost() throws Exception {
        EtcdKeysResponse a = etcd.post("/j/queue", "first")
                .timeout(T, TimeUnit.SECONDS)
                .send()
                .get();
        EtcdKeysResponse b = etcd.post("/j/queue", "second")
                .timeout(T, TimeUnit.SECONDS)
                .send()
                .get();
        assertEquals(EtcdKeyAction.create, a.action);
        assertTrue(a.node.key.startsWith("/j/queue/"), a.node.key);
        long ka = Long.parseLong(a.node.key.substring("/j/queue/".length()));
        long kb = Long.parseLong(b.node.key.substring("/j/queue/".length()));
        assertTrue(ka < kb, a.node.key + " then " + b.node.key);
        EtcdNode q = etcd.getDir("/j/queue")
                .sorted()
                .timeout(T, TimeUnit.SECONDS)
                .send()
                .get()
                .node;
        assertEquals(
                List.of("first", "second"), q.nodes.stream().map(n -> n.value).toList());
    }

    @Test
    void storeStatsAndSelfStatsDecode() {
        var store = etcd.getStoreStats();
        assertNotNull(store, "getStoreStats() returned null (etcd4j swallows decode errors)");
        assertTrue(store.getCreateSuccess() >= 0);
        var self = etcd.getSelfStats();
        if (self == null) {
            try (EtcdNettyClient raw =
                    new EtcdNettyClient(mousio.etcd4j.EtcdSecurityContext.NONE, URI.create(server.base()))) {
                var req = new mousio.etcd4j.requests.EtcdSelfStatsRequest(raw, new RetryNTimes(20, 0));
                req.timeout(T, TimeUnit.SECONDS);
                Exception e = assertThrows(Exception.class, () -> req.send().get());
                throw new AssertionError("getSelfStats() returned null; the request fails with " + e, e);
            }
        }
        assertEquals("machine0", self.getName());
    }

    /**
     * The watch's answer, from etcd4j's own listener. Not watch.get() once the answer has arrived: etcd4j's get()
     * returns at once when its Netty promise is done, and throws a bare IOException if its listener has not yet
     * stored the response (a race inside etcd4j that a busy machine hits).
     */
    private static CompletableFuture<EtcdKeysResponse> outcome(EtcdResponsePromise<EtcdKeysResponse> watch) {
        CompletableFuture<EtcdKeysResponse> seen = new CompletableFuture<>();
        watch.addListener(p -> {
            if (p.getException() != null) {
                seen.completeExceptionally(p.getException());
            } else {
                seen.complete(p.getNow());
            }
        });
        return seen;
    }
}
