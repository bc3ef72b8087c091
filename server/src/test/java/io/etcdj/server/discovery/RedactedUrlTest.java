package io.etcdj.server.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** A discovery URL is a capability: logs show which service and which token, never the whole token. */
class RedactedUrlTest {
    @Test
    void tokenIsCutToItsFirstEightCharacters() {
        String url = "https://discovery.etcd.io/3e86b59982e49066c5d813af1c2e2579cbf573de";
        assertEquals("https://discovery.etcd.io/3e86b599...", RedactedUrl.of(url));
    }

    @Test
    void portAndPrefixPathAreKeptUserInfoAndQueryDropped() {
        String shown = RedactedUrl.of("http://user:pw@127.0.0.1:4001/v2/keys/_etcd/registry/abcdef0123456789/?x=1");
        assertEquals("http://127.0.0.1:4001/v2/keys/_etcd/registry/abcdef01...", shown);
        assertFalse(shown.contains("pw"));
    }

    @Test
    void shortTokenAndJunkAreSafe() {
        assertEquals("http://h/abc", RedactedUrl.of("http://h/abc"));
        assertEquals("(an unparsable URL)", RedactedUrl.of("http://h/a b"));
        assertEquals("(none)", RedactedUrl.of((String) null));
    }
}
