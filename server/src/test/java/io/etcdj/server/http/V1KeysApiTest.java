package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.etcdj.server.command.Command;
import io.etcdj.server.command.Command.Op;
import io.etcdj.store.ErrorCode;
import io.etcdj.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The v1 request rules of etcd 0.4.6's server/v1/*.go handlers. */
class V1KeysApiTest {
    private static final Instant NOW = Instant.parse("2026-11-30T05:00:00Z");
    private final V1KeysApi api = new V1KeysApi(Clock.fixed(NOW, ZoneOffset.UTC));

    /** As KeysHandler calls it: the path without its query, which joins the body's parameters. */
    private KeyRequest parse(String method, String target, String body) throws StoreException {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String key = FormParams.decode(api.rawKey(path), false);
        return api.parse(method, path, key, FormParams.parse(q < 0 ? null : target.substring(q + 1), body), 7);
    }

    private Command write(String method, String path, String body) throws StoreException {
        return assertInstanceOf(KeyRequest.Write.class, parse(method, path, body))
                .command();
    }

    @Test
    void pathsAreV1KeysAndV1WatchOnly() {
        assertEquals("/a/b", api.rawKey("/v1/keys/a/b"));
        assertEquals("/a", api.rawKey("/v1/watch/a"));
        assertEquals("", api.rawKey("/v1/keys"));
        assertNull(api.rawKey("/v1/keysx/a"));
        assertNull(api.rawKey("/v2/keys/a"));
        assertNull(api.rawKey("/v1/leader"));
    }

    @Test
    void setCompareAndSwapAndCreate() throws StoreException {
        Command set = write("PUT", "/v1/keys/k", "value=v");
        assertEquals(Op.SET, set.op());
        assertEquals(Command.PERMANENT, set.expireEpochNanos());
        assertEquals(Op.SET, write("POST", "/v1/keys/k", "value=v").op(), "POST is a set, not an in-order create");

        Command cas = write("PUT", "/v1/keys/k", "value=v&prevValue=old");
        assertEquals(Op.COMPARE_AND_SWAP, cas.op());
        assertEquals("old", cas.prevValue());
        assertEquals(0, cas.prevIndex());

        assertEquals(Op.CREATE, write("PUT", "/v1/keys/k", "value=v&prevValue=").op());

        Command ttl = write("PUT", "/v1/keys/k", "value=v&ttl=20");
        assertEquals((NOW.getEpochSecond() + 20) * 1_000_000_000L, ttl.expireEpochNanos());
    }

    @Test
    void deleteIsOfAKeyNeverRecursive() throws StoreException {
        Command delete = write("DELETE", "/v1/keys/k", "recursive=true&dir=true");
        assertEquals(Op.DELETE, delete.op());
        assertEquals(false, delete.dir());
        assertEquals(false, delete.recursive());
    }

    @Test
    void formErrorsAsZeroFourSix() {
        StoreException noValue = assertThrows(StoreException.class, () -> parse("PUT", "/v1/keys/k", "ttl=5"));
        assertEquals(ErrorCode.VALUE_REQUIRED, noValue.errorCode());
        assertEquals("Set", noValue.errorCause());
        assertEquals(7, noValue.index());
        for (String ttl : new String[] {"x", "-1", "1.5", "99999999999999999999"}) {
            StoreException bad =
                    assertThrows(StoreException.class, () -> parse("PUT", "/v1/keys/k", "value=v&ttl=" + ttl));
            assertEquals(ErrorCode.TTL_NAN, bad.errorCode(), ttl);
        }
        StoreException noIndex = assertThrows(StoreException.class, () -> parse("POST", "/v1/watch/k", null));
        assertEquals(ErrorCode.INDEX_NAN, noIndex.errorCode());
        assertEquals("Watch From Index", noIndex.errorCause());
        StoreException reserved =
                assertThrows(StoreException.class, () -> parse("PUT", "/v1/keys/_etcd/machines/x", "value=v"));
        assertEquals(ErrorCode.KEYWORD_PREFIX, reserved.errorCode());
    }

    @Test
    void watchesAreOneShotAndNotRecursive() throws StoreException {
        KeyRequest.Watch next = assertInstanceOf(KeyRequest.Watch.class, parse("GET", "/v1/watch/k", null));
        assertEquals(new KeyRequest.Watch("/k", false, false, 0), next);
        // 0.4.6 read index only on POST: a GET's index is ignored.
        assertEquals(next, parse("GET", "/v1/watch/k?index=3", null));
        assertEquals(new KeyRequest.Watch("/k", false, false, 5), parse("POST", "/v1/watch/k", "index=5"));
        assertNull(parse("PUT", "/v1/watch/k", "value=v"), "PUT on /v1/watch is a 405");
        assertEquals("GET, HEAD, POST", api.allowedMethods("/v1/watch/k"));
    }

    @Test
    void readsAreLocalOneLevelGets() throws StoreException {
        assertEquals(new KeyRequest.Read("/d", false, false, false), parse("GET", "/v1/keys/d", null));
    }

    /** 0.4.6 answered any refused watch with error 500 (Client Internal Error, HTTP 400) naming the key. */
    @Test
    void aRefusedWatchIsError500WithTheKey() {
        StoreException cleared = new StoreException(ErrorCode.EVENT_INDEX_CLEARED, "the requested history...", 1500);
        StoreException v1 = api.watchRefused(cleared, "/k");
        assertEquals(ErrorCode.CLIENT_INTERNAL, v1.errorCode());
        assertEquals("/k", v1.errorCause());
        assertEquals(1500, v1.index());
        assertEquals(400, HttpErrors.status(v1.errorCode()));
    }
}
