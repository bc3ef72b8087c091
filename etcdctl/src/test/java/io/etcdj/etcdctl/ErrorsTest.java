package io.etcdj.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Error lines ("Error:  " + go-etcd's error text) and exit codes: 1 bad arguments, 2 unreachable, 4 server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsTest {
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

    @Test
    void missingKeyIsServerErrorFour() {
        Ctl.Result r = ctl.run("get", "/missing");
        assertEquals(4, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().matches("Error:  100: Key not found \\(/missing\\) \\[\\d+]\n"), r.err());
    }

    @Test
    void mkOnAnExistingKeyIsError105() {
        assertEquals(0, ctl.run("mk", "/once", "1").code());
        Ctl.Result r = ctl.run("mk", "/once", "2");
        assertEquals(4, r.code());
        assertTrue(r.err().startsWith("Error:  105: Key already exists (/once) ["), r.err());
    }

    @Test
    void compareAndSwapMismatchShowsTheCause() {
        assertEquals(0, ctl.run("set", "/cas", "a").code());
        Ctl.Result r = ctl.run("set", "/cas", "b", "--swap-with-value", "nope");
        assertEquals(4, r.code());
        assertTrue(r.err().startsWith("Error:  101: Compare failed ([nope != a]) ["), r.err());
        assertEquals(new Ctl.Result(0, "b\n", ""), ctl.run("set", "--swap-with-value", "a", "/cas", "b"));
    }

    @Test
    void setdirOverAKeyStillFails() {
        assertEquals(0, ctl.run("set", "/plain", "v").code());
        Ctl.Result r = ctl.run("setdir", "/plain");
        assertEquals(4, r.code());
        assertTrue(r.err().startsWith("Error:  102: Not a file (/plain) ["), r.err());
    }

    @Test
    void rmdirOfANonEmptyDirectoryIs108() {
        assertEquals(0, ctl.run("set", "/full/k", "v").code());
        Ctl.Result r = ctl.run("rmdir", "/full");
        assertEquals(4, r.code());
        assertTrue(r.err().startsWith("Error:  108: Directory not empty (/full) ["), r.err());
    }

    @Test
    void noServerIsExitTwo() throws Exception {
        String dead = "http://127.0.0.1:" + ServerProcess.freePort();
        Ctl.Result r = new Ctl(dead).run("get", "/foo");
        assertEquals(2, r.code());
        assertTrue(
                r.err()
                        .startsWith("Error:  client: etcd cluster is unavailable or misconfigured; error #0: " + dead
                                + ": "),
                r.err());
    }

    @Test
    void badFlagIsExitOne() {
        Ctl.Result r = ctl.run("get", "/foo", "--bogus");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("Error:  flag provided but not defined: -bogus\n"), r.err());
    }

    @Test
    void badArgumentsAreExitOne() {
        assertEquals(new Ctl.Result(1, "", "Error:  key required\nRun 'etcdctl --help' for usage.\n"), ctl.run("get"));
        assertEquals(1, ctl.run("frobnicate").code());
        assertEquals(1, ctl.run("set", "/k", "v", "--ttl", "soon").code());
        assertEquals(1, ctl.run("-o", "yaml", "get", "/k").code());
        assertEquals(1, ctl.run("set", "/k").code(), "no value argument and empty stdin");
        assertEquals(1, ctl.run("exec-watch", "/k").code(), "no command");
        assertEquals(1, ctl.run("member", "add").code());
        assertEquals(1, ctl.run("--timeout", "fast", "get", "/k").code());
    }
}
