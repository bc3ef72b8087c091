package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.etcdj.server.command.Applier;
import io.etcdj.server.command.Command;
import io.etcdj.server.command.Command.Op;
import io.etcdj.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyRequestParserTest {
    private static final Instant NOW = Instant.parse("2024-01-02T03:04:05.123456789Z");
    private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L + NOW.getNano();
    private static final long PERM = Command.PERMANENT;
    private static final long STORE_INDEX = 7;
    private static final String K = "/foo";

    private final KeyRequestParser parser = new KeyRequestParser(Clock.fixed(NOW, ZoneOffset.UTC));

    private static long in(long seconds) {
        return NOW_NANOS + seconds * 1_000_000_000L;
    }

    /** @param flag recursive for DELETE, in-order (unique) for CREATE */
    private static Command cmd(
            Op op, String value, boolean dir, boolean flag, String prevValue, long prevIndex, long expire) {
        return new Command(
                op, K, value, dir, flag && op == Op.DELETE, flag && op == Op.CREATE, prevValue, prevIndex, expire);
    }

    private static Arguments ok(String method, String query, KeyRequest expected) {
        return Arguments.of(method, query, expected);
    }

    private static Arguments write(String method, String query, Command expected) {
        return ok(method, query, new KeyRequest.Write(expected));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                // PUT without conditions: set
                write("PUT", "value=v", cmd(Op.SET, "v", false, false, null, 0, PERM)),
                write("PUT", "", cmd(Op.SET, "", false, false, null, 0, PERM)),
                write("PUT", "dir=true&value=ignored", cmd(Op.SET, "", true, false, null, 0, PERM)),
                write("PUT", "dir=True", cmd(Op.SET, "", true, false, null, 0, PERM)),
                write("PUT", "dir=false&value=v", cmd(Op.SET, "v", false, false, null, 0, PERM)),
                write("PUT", "value=v&ttl=5", cmd(Op.SET, "v", false, false, null, 0, in(5))),
                write("PUT", "value=v&ttl=0", cmd(Op.SET, "v", false, false, null, 0, in(0))),
                write("PUT", "value=v&ttl=", cmd(Op.SET, "v", false, false, null, 0, PERM)),
                write("PUT", "value=v&ttl=86400", cmd(Op.SET, "v", false, false, null, 0, in(86400))),
                // prevExist=false: create; prevValue and prevIndex are ignored
                write("PUT", "value=v&prevExist=false", cmd(Op.CREATE, "v", false, false, null, 0, PERM)),
                write(
                        "PUT",
                        "value=v&prevExist=false&prevValue=x&prevIndex=3",
                        cmd(Op.CREATE, "v", false, false, null, 0, PERM)),
                write("PUT", "dir=true&prevExist=false", cmd(Op.CREATE, "", true, false, null, 0, PERM)),
                write("PUT", "value=v&prevExist=false&ttl=5", cmd(Op.CREATE, "v", false, false, null, 0, in(5))),
                // prevExist=true: update
                write("PUT", "value=v&prevExist=true", cmd(Op.UPDATE, "v", false, false, null, 0, PERM)),
                write("PUT", "ttl=5&prevExist=true", cmd(Op.UPDATE, "", false, false, null, 0, in(5))),
                write("PUT", "value=v&ttl=&prevExist=true", cmd(Op.UPDATE, "v", false, false, null, 0, PERM)),
                // a directory's TTL is cleared with ttl= (etcd 2's documented form)
                write("PUT", "dir=true&ttl=&prevExist=true", cmd(Op.UPDATE, "", false, false, null, 0, PERM)),
                write("PUT", "value=v&prevExist=TRUE", cmd(Op.UPDATE, "v", false, false, null, 0, PERM)),
                // prevValue / prevIndex: compareAndSwap
                write("PUT", "value=v&prevValue=old", cmd(Op.COMPARE_AND_SWAP, "v", false, false, "old", 0, PERM)),
                write("PUT", "value=v&prevIndex=3", cmd(Op.COMPARE_AND_SWAP, "v", false, false, null, 3, PERM)),
                write("PUT", "value=v&prevIndex=0", cmd(Op.COMPARE_AND_SWAP, "v", false, false, null, 0, PERM)),
                write(
                        "PUT",
                        "value=v&prevValue=old&prevIndex=3",
                        cmd(Op.COMPARE_AND_SWAP, "v", false, false, "old", 3, PERM)),
                write(
                        "PUT",
                        "value=v&prevExist=true&prevValue=old",
                        cmd(Op.COMPARE_AND_SWAP, "v", false, false, "old", 0, PERM)),
                write(
                        "PUT",
                        "value=v&prevValue=old&ttl=5",
                        cmd(Op.COMPARE_AND_SWAP, "v", false, false, "old", 0, in(5))),
                // POST: in-order create
                write("POST", "value=v", cmd(Op.CREATE, "v", false, true, null, 0, PERM)),
                write("POST", "", cmd(Op.CREATE, "", false, true, null, 0, PERM)),
                write("POST", "dir=true&value=x", cmd(Op.CREATE, "", true, true, null, 0, PERM)),
                write("POST", "value=v&ttl=5", cmd(Op.CREATE, "v", false, true, null, 0, in(5))),
                // DELETE
                write("DELETE", "", cmd(Op.DELETE, "", false, false, null, 0, PERM)),
                write("DELETE", "recursive=true", cmd(Op.DELETE, "", false, true, null, 0, PERM)),
                write("DELETE", "dir=true", cmd(Op.DELETE, "", true, false, null, 0, PERM)),
                write("DELETE", "dir=true&recursive=true", cmd(Op.DELETE, "", true, true, null, 0, PERM)),
                write("DELETE", "prevValue=v", cmd(Op.COMPARE_AND_DELETE, "", false, false, "v", 0, PERM)),
                write("DELETE", "prevIndex=4", cmd(Op.COMPARE_AND_DELETE, "", false, false, null, 4, PERM)),
                write("DELETE", "prevValue=v&prevIndex=4", cmd(Op.COMPARE_AND_DELETE, "", false, false, "v", 4, PERM)),
                // GET
                ok("GET", "", new KeyRequest.Read(K, false, false, false)),
                ok("HEAD", "", new KeyRequest.Read(K, false, false, false)),
                ok("GET", "recursive=true", new KeyRequest.Read(K, true, false, false)),
                ok("GET", "sorted=true", new KeyRequest.Read(K, false, true, false)),
                ok("GET", "recursive=true&sorted=true", new KeyRequest.Read(K, true, true, false)),
                ok("GET", "quorum=true", new KeyRequest.Read(K, false, false, true)),
                ok("GET", "consistent=true", new KeyRequest.Read(K, false, false, true)),
                ok("GET", "quorum=false&consistent=false", new KeyRequest.Read(K, false, false, false)),
                ok("GET", "wait=false&waitIndex=notanumber", new KeyRequest.Read(K, false, false, false)),
                ok("GET", "stream=true", new KeyRequest.Read(K, false, false, false)),
                ok("GET", "wait=true", new KeyRequest.Watch(K, false, false, 0)),
                ok("GET", "wait=True", new KeyRequest.Watch(K, false, false, 0)),
                ok("GET", "wait=1", new KeyRequest.Watch(K, false, false, 0)),
                ok("GET", "wait=true&waitIndex=12", new KeyRequest.Watch(K, false, false, 12)),
                ok("GET", "wait=true&recursive=true", new KeyRequest.Watch(K, true, false, 0)),
                ok("GET", "wait=true&stream=true", new KeyRequest.Watch(K, false, true, 0)),
                ok("GET", "wait=true&waitIndex=12&recursive=true&stream=true", new KeyRequest.Watch(K, true, true, 12)),
                ok("HEAD", "wait=true", new KeyRequest.Watch(K, false, false, 0)));
    }

    @ParameterizedTest(name = "{0} ?{1}")
    @MethodSource("accepted")
    void accepted(String method, String query, KeyRequest expected) throws StoreException {
        assertEquals(expected, parser.parse(method, K, FormParams.parse(query, null), STORE_INDEX));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("PUT", "prevExist=true", 204),
                Arguments.of("PUT", "prevExist=true&value=", 204),
                Arguments.of("PUT", "prevExist=true&ttl=", 204),
                Arguments.of("PUT", "value=v&prevValue=", 201),
                Arguments.of("PUT", "value=v&prevValue=&prevIndex=2", 201),
                Arguments.of("PUT", "value=v&prevIndex=abc", 203),
                Arguments.of("PUT", "value=v&prevIndex=-1", 203),
                Arguments.of("PUT", "value=v&prevIndex=", 203),
                Arguments.of("PUT", "value=v&prevIndex=1.0", 203),
                Arguments.of("PUT", "value=v&prevIndex=99999999999999999999", 203),
                Arguments.of("PUT", "value=v&ttl=abc", 202),
                Arguments.of("PUT", "value=v&ttl=-1", 202),
                Arguments.of("PUT", "value=v&ttl=1.5", 202),
                Arguments.of("PUT", "value=v&ttl=+5", 202),
                Arguments.of("PUT", "value=v&ttl=99999999999999999999", 202),
                Arguments.of("PUT", "value=v&ttl=9223372036854775807", 202),
                Arguments.of("PUT", "prevExist=true&ttl=x", 202),
                Arguments.of("POST", "value=v&ttl=abc", 202),
                Arguments.of("PUT", "value=v&dir=maybe", 209),
                Arguments.of("PUT", "value=v&prevExist=maybe", 209),
                Arguments.of("POST", "dir=yes", 209),
                Arguments.of("DELETE", "prevValue=", 201),
                Arguments.of("DELETE", "prevIndex=x", 203),
                Arguments.of("DELETE", "recursive=yes", 209),
                Arguments.of("DELETE", "dir=2", 209),
                Arguments.of("GET", "wait=true&waitIndex=abc", 203),
                Arguments.of("GET", "wait=true&waitIndex=-5", 203),
                Arguments.of("GET", "wait=true&waitIndex=", 203),
                Arguments.of("GET", "wait=2", 209),
                Arguments.of("GET", "recursive=yes", 209),
                Arguments.of("GET", "sorted=nope", 209),
                Arguments.of("GET", "quorum=maybe", 209),
                Arguments.of("GET", "consistent=x", 209),
                Arguments.of("GET", "wait=true&stream=x", 209));
    }

    @ParameterizedTest(name = "{0} ?{1} -> {2}")
    @MethodSource("refused")
    void refused(String method, String query, int errorCode) {
        StoreException e = assertThrows(
                StoreException.class, () -> parser.parse(method, K, FormParams.parse(query, null), STORE_INDEX));
        assertEquals(errorCode, e.errorCode().code(), e.getMessage());
        assertEquals(STORE_INDEX, e.index(), "errors report the store index");
    }

    static Stream<Arguments> reservedWrites() {
        return Stream.of("PUT", "POST", "DELETE")
                .flatMap(method -> Stream.of(
                                "/_etcd",
                                "/_etcd/",
                                "//_etcd/",
                                "/_etcd/machines/n1",
                                "/./_etcd/machines",
                                "/foo/../_etcd/machines/x",
                                "/../_etcd",
                                "/a/b/../../_etcd/config",
                                "/_etcd/../_etcd/machines",
                                "/_etcd/registry",
                                "/_etcd/registry/",
                                "/_etcd/registry/t/../../machines/x",
                                "/_etcd/registryx/t",
                                "/_etcd/x/registry/t")
                        .flatMap(key -> Stream.of(
                                        "",
                                        "value=v",
                                        "value=v&prevExist=false",
                                        "recursive=true&dir=true",
                                        "prevValue=x&prevIndex=1",
                                        "ttl=abc")
                                .map(query -> Arguments.of(method, key, query))));
    }

    /** The registry (/_etcd/machines) is written by the cluster through the log, never through the client API. */
    @ParameterizedTest(name = "{0} {1} ?{2} -> 106")
    @MethodSource("reservedWrites")
    void writesUnderTheReservedDirectoryAreRefused(String method, String key, String query) {
        StoreException e = assertThrows(
                StoreException.class, () -> parser.parse(method, key, FormParams.parse(query, null), STORE_INDEX));
        assertEquals(106, e.errorCode().code(), e.getMessage());
        assertEquals("/_etcd", e.errorCause());
        assertEquals(STORE_INDEX, e.index());
    }

    @Test
    void readsOfTheReservedDirectoryAndLookalikeKeysAreAllowed() throws StoreException {
        for (String query : new String[] {"", "recursive=true", "wait=true", "quorum=true"}) {
            parser.parse("GET", "/_etcd/machines", FormParams.parse(query, null), STORE_INDEX);
        }
        for (String key : new String[] {
            "/_etcdx", "/x_etcd", "/foo/_etcd", "/_etcd/../foo", "/_ETCD", "/%5Fetcd", "/foo/_etcd/machines", "/.._etcd"
        }) {
            KeyRequest r = parser.parse("PUT", key, FormParams.parse("value=v", null), STORE_INDEX);
            assertEquals(key, ((KeyRequest.Write) r).command().key(), "not under /_etcd once cleaned: " + key);
        }
    }

    /** A discovery service keeps its tokens in /_etcd/registry/<token> of its backend, as 0.4.6's did. */
    @Test
    void writesBelowTheDiscoveryRegistryAreAllowed() throws StoreException {
        for (String key : new String[] {
            "/_etcd/registry/0123abcd",
            "/_etcd/registry/0123abcd/machine1",
            "/_etcd/registry/0123abcd/_state",
            "//_etcd/./registry/t/x"
        }) {
            for (String method : new String[] {"PUT", "POST", "DELETE"}) {
                KeyRequest r = parser.parse(method, key, FormParams.parse("value=v", null), STORE_INDEX);
                assertEquals(key, ((KeyRequest.Write) r).command().key(), method + " " + key);
            }
        }
    }

    @Test
    void ttlIsAnAbsoluteExpirationFromTheClock() throws StoreException {
        Instant later = NOW.plusSeconds(1000);
        KeyRequestParser p = new KeyRequestParser(Clock.fixed(later, ZoneOffset.UTC));
        KeyRequest r = p.parse("PUT", K, FormParams.parse("value=v&ttl=5", null), 0);
        Command c = ((KeyRequest.Write) r).command();
        assertEquals(later.plusSeconds(5), Applier.toInstant(c.expireEpochNanos()));
    }

    @Test
    void bodyParametersCount() throws StoreException {
        KeyRequest r = parser.parse("PUT", K, FormParams.parse("value=query", "value=body&prevExist=false"), 0);
        assertEquals(new KeyRequest.Write(cmd(Op.CREATE, "body", false, false, null, 0, PERM)), r);
    }
}
