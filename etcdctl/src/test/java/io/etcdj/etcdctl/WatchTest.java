package io.etcdj.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** watch --after-index/--forever and exec-watch's environment. Every wait is bounded. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private ServerProcess server;
    private Ctl ctl;

    @BeforeAll
    void start() throws Exception {
        server = new ServerProcess();
        ctl = new Ctl(server.url());
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private long modifiedIndex(String key) throws Exception {
        return new ObjectMapper()
                .readTree(ctl.run("-o", "json", "get", key).out())
                .at("/node/modifiedIndex")
                .asLong();
    }

    @Test
    void afterIndexWaitsFromTheNextIndex() throws Exception {
        assertEquals(0, ctl.run("set", "/w/k", "first").code());
        long first = modifiedIndex("/w/k");
        assertEquals(0, ctl.run("set", "/w/k", "second").code());
        // Both events are in the history already, so these return at once.
        assertEquals(
                new Ctl.Result(0, "second\n", ""), ctl.run("watch", "/w/k", "--after-index", Long.toString(first)));
        assertEquals(
                new Ctl.Result(0, "first\n", ""), ctl.run("watch", "/w/k", "--after-index", Long.toString(first - 1)));
    }

    @Test
    void foreverPrintsEveryEventUntilStopped() throws Exception {
        assertEquals(0, ctl.run("set", "/f/k", "1").code());
        String after = Long.toString(modifiedIndex("/f/k"));
        AwaitableOutput out = new AwaitableOutput();
        Thread t =
                new Thread(() -> ctl.runTo(out.stream, out.stream, "watch", "-f", "-r", "/f", "--after-index", after));
        t.start();
        try {
            assertEquals(0, ctl.run("set", "/f/k", "2").code());
            assertEquals(0, ctl.run("rm", "/f/k").code());
            assertTrue(out.await("[delete] /f/k\n\n", WAIT), out.text());
        } finally {
            t.interrupt();
            t.join(WAIT.toMillis());
        }
        assertFalse(t.isAlive());
        assertEquals("[set] /f/k\n2\n[delete] /f/k\n\n", out.text());
    }

    @Test
    void execWatchPassesTheEventInTheEnvironment() throws Exception {
        assertEquals(0, ctl.run("mkdir", "/env").code());
        // The index to watch after comes from a key: `get` of a directory prints no JSON, which made this 0
        // (watch only from "now") and let a slow exec-watch miss the set below.
        assertEquals(0, ctl.run("set", "/env/start", "s").code());
        long start = modifiedIndex("/env/start");
        assertTrue(start > 0, "index of /env/start");
        String after = Long.toString(start);
        AwaitableOutput out = new AwaitableOutput();
        AwaitableOutput err = new AwaitableOutput();
        Thread t = new Thread(() -> ctl.runTo(
                out.stream,
                err.stream,
                "exec-watch",
                "--after-index",
                after,
                "-r",
                "/env",
                "--",
                "sh",
                "-c",
                "echo \"$ETCD_WATCH_ACTION $ETCD_WATCH_KEY $ETCD_WATCH_VALUE $ETCD_WATCH_MODIFIED_INDEX\""));
        t.start();
        try {
            assertEquals(0, ctl.run("set", "/env/k", "v w").code());
            long index = modifiedIndex("/env/k");
            assertTrue(out.await("set /env/k v w " + index + "\n", WAIT), out.text() + err.text());
        } finally {
            t.interrupt();
            t.join(WAIT.toMillis());
        }
        assertFalse(t.isAlive());
    }
}
