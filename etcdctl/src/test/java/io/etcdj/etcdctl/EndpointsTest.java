package io.etcdj.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Endpoint selection: flags and env, bare host:port, failover past a dead endpoint, 307 redirects, --debug. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointsTest {
    private ServerProcess server;

    @BeforeAll
    void start() throws Exception {
        server = new ServerProcess();
        assertEquals(0, new Ctl(server.url()).run("set", "/e", "here").code());
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void failsOverWhenTheFirstEndpointIsDead() throws Exception {
        String dead = "http://127.0.0.1:" + ServerProcess.freePort();
        assertEquals(
                new Ctl.Result(0, "here\n", ""),
                new Ctl(null).run("--endpoints", dead + "," + server.url(), "get", "/e"));
        assertEquals(new Ctl.Result(0, "here\n", ""), new Ctl(null).run("-C", dead + "," + server.url(), "get", "/e"));
    }

    /** etcdctl 0.4.6's -C/--peers is repeatable; every occurrence adds endpoints (not only the last one). */
    @Test
    void repeatedEndpointFlagsAddUp() throws Exception {
        String dead = "http://127.0.0.1:" + ServerProcess.freePort();
        assertEquals(new Ctl.Result(0, "here\n", ""), new Ctl(null).run("-C", server.url(), "-C", dead, "get", "/e"));
        assertEquals(
                new Ctl.Result(0, "here\n", ""),
                new Ctl(null).run("--peers", "127.0.0.1:" + server.clientPort, "--endpoints=" + dead, "get", "/e"));
    }

    @Test
    void environmentWithBareHostPort() {
        Ctl peersOnly = new Ctl(null).env("ETCDCTL_PEERS", "127.0.0.1:" + server.clientPort);
        assertEquals(new Ctl.Result(0, "here\n", ""), peersOnly.run("get", "/e"));
        // ETCDCTL_ENDPOINTS wins over ETCDCTL_PEERS, and a flag wins over both.
        Ctl both = new Ctl(server.url()).env("ETCDCTL_PEERS", "127.0.0.1:1");
        assertEquals(0, both.run("get", "/e").code());
        assertEquals(2, both.run("--peers", "127.0.0.1:1", "get", "/e").code());
    }

    @Test
    void followsA307ReSendingMethodAndBody() throws Exception {
        HttpServer redirector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        redirector.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", server.url() + exchange.getRequestURI());
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        redirector.start();
        try {
            Ctl viaRedirect =
                    new Ctl("http://127.0.0.1:" + redirector.getAddress().getPort());
            assertEquals(new Ctl.Result(0, "moved\n", ""), viaRedirect.run("set", "/redirected", "moved"));
            assertEquals(new Ctl.Result(0, "moved\n", ""), new Ctl(server.url()).run("get", "/redirected"));
        } finally {
            redirector.stop(0);
        }
    }

    @Test
    void debugPrintsTheEquivalentCurlCommand() {
        Ctl.Result r = new Ctl(server.url()).run("--debug", "set", "/dbg", "a b", "--ttl", "60");
        assertEquals("a b\n", r.out());
        assertEquals("cURL Command: curl -X PUT " + server.url() + "/v2/keys/dbg -d \"value=a+b&ttl=60\"\n", r.err());
        Ctl.Result get = new Ctl(server.url()).run("get", "--debug", "/dbg", "--sort");
        assertEquals("cURL Command: curl -X GET " + server.url() + "/v2/keys/dbg?sorted=true\n", get.err());
    }

    @Test
    void valueFromStdin() {
        Ctl ctl = new Ctl(server.url());
        assertEquals(new Ctl.Result(0, "piped\n\n", ""), ctl.runWithStdin("piped\n", "set", "/stdin"));
        assertEquals(new Ctl.Result(0, "-dash\n", ""), ctl.run("set", "--", "/dash", "-dash"));
    }
}
