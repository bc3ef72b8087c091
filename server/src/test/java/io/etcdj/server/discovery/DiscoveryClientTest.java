package io.etcdj.server.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.server.config.ConfigException;
import io.etcdj.server.testing.FreePorts;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The -discovery client against a small Jetty stub that answers each request with a canned reply: the protocol's
 * three steps and their outcomes, and what a broken or hostile service gets (it never hangs the member, never fills
 * its heap, and start-up stops with a message naming the URL).
 */
class DiscoveryClientTest {
    private static final Discovery.Retry FAST = new Discovery.Retry(3, 1, 1);
    private static final String PEER = "http://127.0.0.1:7001";

    /** A canned reply. */
    record Canned(int status, String body, Map<String, String> headers) {
        static Canned of(int status, String body) {
            return new Canned(status, body, Map.of());
        }
    }

    private Server stub;
    private String base;
    /** "METHOD path?query body" of every request the stub got. */
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    /** Replies by "METHOD path" (the query left out); unmatched requests get 404. */
    private final Map<String, Function<String, Canned>> routes = new ConcurrentHashMap<>();

    @BeforeEach
    void startStub() throws Exception {
        stub = new Server();
        ServerConnector connector = new ServerConnector(stub);
        connector.setHost("127.0.0.1");
        stub.addConnector(connector);
        stub.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                String path = request.getHttpURI().getPath();
                String query = request.getHttpURI().getQuery();
                requests.add(request.getMethod() + " " + path + (query == null ? "" : "?" + query) + " " + body);
                Function<String, Canned> route = routes.get(request.getMethod() + " " + path);
                Canned canned = route == null ? Canned.of(404, "no route") : route.apply(body);
                response.setStatus(canned.status());
                canned.headers().forEach((k, v) -> response.getHeaders().put(k, v));
                Content.Sink.write(response, true, canned.body(), callback);
                return true;
            }
        });
        stub.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterEach
    void stopStub() throws Exception {
        stub.stop();
    }

    private Discovery discovery(String tokenUrl, PeerProbe probe) throws ConfigException {
        return new Discovery(
                RegistryHttp.standard(Duration.ofSeconds(2), Duration.ofSeconds(5)),
                FAST,
                Discovery.tokenUrl(tokenUrl),
                "m1",
                PEER,
                probe);
    }

    private Discovery discovery() throws ConfigException {
        return discovery(base + "/tok", peer -> true);
    }

    private void registrationAccepted() {
        routes.put("PUT /tok/m1", body -> Canned.of(201, "{}"));
    }

    private void stateTaken() {
        routes.put("PUT /tok/_state", body -> Canned.of(412, "{\"errorCode\":105,\"message\":\"Key already exists\"}"));
    }

    private void listing(String body) {
        routes.put("GET /tok", q -> Canned.of(200, body));
    }

    @Test
    void theFirstMemberRegistersClaimsTheStateAndFormsTheCluster() throws Exception {
        registrationAccepted();
        routes.put("PUT /tok/_state", body -> Canned.of(201, "{\"node\":{\"value\":\"started\"}}"));
        assertEquals(List.of(), discovery().run());
        assertEquals(2, requests.size(), requests.toString());
        String register = requests.get(0);
        assertTrue(register.startsWith("PUT /tok/m1?ttl=604800 value="), register);
        assertEquals(
                PEER, URLDecoder.decode(register.substring(register.indexOf("value=") + 6), StandardCharsets.UTF_8));
        assertEquals("PUT /tok/_state?prevExist=false value=started", requests.get(1));
    }

    @Test
    void aLaterMemberJoinsThroughEveryRegisteredPeerButItself() throws Exception {
        registrationAccepted();
        stateTaken();
        listing("{\"action\":\"get\",\"node\":{\"key\":\"/_etcd/registry/tok\",\"dir\":true,\"nodes\":["
                + "{\"key\":\"/_etcd/registry/tok/m2\",\"value\":\"http://10.0.0.2:7001\",\"ttl\":604000},"
                + "{\"key\":\"/_etcd/registry/tok/m1\",\"value\":\"http://127.0.0.1:7001\"},"
                + "{\"key\":\"/_etcd/registry/tok/m3\",\"value\":\"https://10.0.0.3:7001\"}]}}");
        assertEquals(
                List.of("http://10.0.0.2:7001", "https://10.0.0.3:7001"),
                discovery().run());
        assertEquals("GET /tok?recursive=true ", requests.get(2));
    }

    @Test
    void anInitializedClusterWithNoOtherRegistrationIsRefusedWith046sMessage() throws Exception {
        registrationAccepted();
        stateTaken();
        listing("{\"action\":\"get\",\"node\":{\"key\":\"/_etcd/registry/tok\",\"dir\":true,\"nodes\":["
                + "{\"key\":\"/_etcd/registry/tok/m1\",\"value\":\"http://127.0.0.1:7001\"}]}}");
        ConfigException e =
                assertThrows(ConfigException.class, () -> discovery().run());
        assertTrue(e.getMessage().startsWith(Discovery.NO_REACHABLE_PEERS), e.getMessage());
    }

    @Test
    void registeredPeersThatNeverAnswerAreRefusedWith046sMessageAfterBoundedRounds() throws Exception {
        registrationAccepted();
        stateTaken();
        listing("{\"node\":{\"nodes\":[{\"key\":\"/x/m2\",\"value\":\"http://10.0.0.2:7001\"}]}}");
        int[] probes = {0};
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> discovery(base + "/tok", peer -> ++probes[0] < 0).run());
        assertTrue(e.getMessage().startsWith(Discovery.NO_REACHABLE_PEERS), e.getMessage());
        assertTrue(e.getMessage().contains("http://10.0.0.2:7001"), e.getMessage());
        assertEquals(FAST.attempts(), probes[0], "one probe per round");
    }

    @Test
    void hostileListingsStopStartUpWithAMessageNamingTheUrl() throws Exception {
        for (String body : List.of(
                "<html>not json</html>",
                "[1,2,3]",
                "{\"node\":\"a string\"}",
                "{\"node\":{\"nodes\":{\"not\":\"an array\"}}}",
                "")) {
            requests.clear();
            registrationAccepted();
            stateTaken();
            listing(body);
            ConfigException e =
                    assertThrows(ConfigException.class, () -> discovery().run(), body);
            assertTrue(e.getMessage().contains(base + "/tok?recursive=true"), e.getMessage());
            assertEquals(3, requests.size(), "not retried: " + requests);
        }
    }

    @Test
    void registrationsWithBadValuesAreSkippedAndTheOthersKept() throws Exception {
        registrationAccepted();
        stateTaken();
        listing("{\"node\":{\"nodes\":["
                + "{\"key\":\"/x/a\",\"value\":\"ftp://10.0.0.9:21\"},"
                + "{\"key\":\"/x/b\",\"value\":12},"
                + "{\"key\":\"/x/c\",\"value\":\"10.0.0.9:7001\"},"
                + "{\"key\":\"/x/d\",\"value\":\"http://user:pw@10.0.0.9:7001\"},"
                + "{\"key\":\"/x/e\",\"value\":\"http://10.0.0.9:7001/path?q\"},"
                + "{\"key\":\"/x/f\",\"dir\":true},"
                + "{\"value\":\"http://10.0.0.9:7001\"},"
                + "\"a string\","
                + "{\"key\":\"/x/g\",\"value\":\"http://10.0.0.7:7001\"},"
                + "{\"key\":\"/x/h\",\"value\":\"http://10.0.0.7:7001\"}]}}");
        assertEquals(List.of("http://10.0.0.7:7001"), discovery().run());
    }

    @Test
    void aHugeReplyIsRefusedWithoutReadingItAll() throws Exception {
        registrationAccepted();
        stateTaken();
        String huge = "{\"node\":{\"nodes\":[" + "{\"key\":\"/x/y\",\"value\":\"http://10.0.0.2:7001\"},".repeat(40_000)
                + "{}]}}";
        assertTrue(huge.length() > RegistryHttp.MAX_BODY_BYTES);
        listing(huge);
        ConfigException e =
                assertThrows(ConfigException.class, () -> discovery().run());
        assertTrue(e.getMessage().contains("larger than " + RegistryHttp.MAX_BODY_BYTES), e.getMessage());
    }

    @Test
    void aServiceThatIsDownIsRetriedABoundedNumberOfTimesThenNamed() throws Exception {
        String down = "http://127.0.0.1:" + FreePorts.next() + "/tok";
        ConfigException e = assertThrows(
                ConfigException.class, () -> discovery(down, peer -> true).run());
        assertTrue(e.getMessage().contains(down), e.getMessage());
        assertTrue(e.getMessage().contains("failed " + FAST.attempts() + " times"), e.getMessage());
        assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
    }

    @Test
    void serverErrorsAreRetriedAndARecoveredServiceIsUsed() throws Exception {
        int[] calls = {0};
        routes.put("PUT /tok/m1", body -> ++calls[0] < 3 ? Canned.of(503, "busy") : Canned.of(201, "{}"));
        routes.put("PUT /tok/_state", body -> Canned.of(201, "{}"));
        assertEquals(List.of(), discovery().run());
        assertEquals(3, calls[0]);
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        routes.put(
                "PUT /tok/m1",
                body -> Canned.of(400, "{\"errorCode\":106,\"message\":\"The prefix of given key is a keyword\"}"));
        ConfigException e =
                assertThrows(ConfigException.class, () -> discovery().run());
        assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
        assertTrue(e.getMessage().contains("106"), e.getMessage());
        assertEquals(1, requests.size(), requests.toString());
    }

    @Test
    void redirectsAreFollowedWithTheSameMethodAndBody() throws Exception {
        routes.put("PUT /tok/m1", body -> new Canned(307, "", Map.of("Location", base + "/leader/tok/m1?ttl=604800")));
        routes.put("PUT /leader/tok/m1", body -> Canned.of(201, "{}"));
        routes.put("PUT /tok/_state", body -> Canned.of(201, "{}"));
        assertEquals(List.of(), discovery().run());
        assertTrue(requests.get(1).startsWith("PUT /leader/tok/m1?ttl=604800 value=http"), requests.toString());
    }

    @Test
    void aRedirectLoopOrABadLocationStopsStartUp() throws Exception {
        routes.put("PUT /tok/m1", body -> new Canned(307, "", Map.of("Location", base + "/tok/m1")));
        ConfigException loop =
                assertThrows(ConfigException.class, () -> discovery().run());
        assertTrue(loop.getMessage().contains("redirects"), loop.getMessage());
        assertEquals(RegistryHttp.MAX_REDIRECTS + 1, requests.size());
        routes.put("PUT /tok/m1", body -> new Canned(307, "", Map.of("Location", "file:///etc/passwd")));
        ConfigException bad =
                assertThrows(ConfigException.class, () -> discovery().run());
        assertTrue(bad.getMessage().contains("not an http(s) URL"), bad.getMessage());
    }

    @Test
    void memberNamesArePercentEncodedInTheKeyUrl() throws Exception {
        assertEquals("a%20b%3F%23%25%2F%C3%A9-._~", PathSegment.encode("a b?#%/é-._~"));
    }

    @Test
    void theDiscoveryUrlIsChecked() {
        for (String bad : List.of("ftp://x/tok", "tok", "http:///tok", "http://x/tok?q=1", "http://x y/")) {
            assertThrows(ConfigException.class, () -> Discovery.tokenUrl(bad), bad);
        }
    }

    @Test
    void aTrailingSlashOnTheTokenUrlIsDropped() throws Exception {
        assertEquals(URI.create("https://discovery.etcd.io/abc"), Discovery.tokenUrl("https://discovery.etcd.io/abc/"));
    }
}
