package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A peer's "you were removed" is believed only when the leader then stays silent. */
class RemovalNoticeTest {
    private static final long ELECTION_MS = 100;
    private static final long T0 = TimeUnit.SECONDS.toNanos(1_000);

    private static long ms(long millis) {
        return T0 + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void aNoticeFollowedBySilenceIsBelievedAfterTwoElectionTimeoutsOnce() {
        RemovalNotice notice = new RemovalNotice("m1", ELECTION_MS);
        assertFalse(notice.believedAt(ms(0), false), "no notice yet");
        notice.noticed(ms(0));
        assertFalse(notice.believedAt(ms(150), false), "too early to tell");
        assertTrue(notice.believedAt(ms(200), false));
        assertFalse(notice.believedAt(ms(400), false), "believed once; the member stops");
    }

    @Test
    void aHeartbeatAlreadyOnItsWayDoesNotContradictTheNotice() {
        RemovalNotice notice = new RemovalNotice("m1", ELECTION_MS);
        notice.noticed(ms(0));
        notice.leaderSpoke(ms(50)); // sent before the leader removed us
        assertTrue(notice.believedAt(ms(200), false));
    }

    @Test
    void theLeaderStillSpeakingMakesTheNoticeFalse() {
        RemovalNotice notice = new RemovalNotice("m1", ELECTION_MS);
        notice.noticed(ms(0));
        notice.leaderSpoke(ms(150));
        assertFalse(notice.believedAt(ms(200), false));
        assertFalse(notice.believedAt(ms(400), false), "the forged notice is forgotten");
    }

    @Test
    void aLeaderDoesNotBelieveIt() {
        RemovalNotice notice = new RemovalNotice("m1", ELECTION_MS);
        notice.noticed(ms(0));
        assertFalse(notice.believedAt(ms(200), true));
    }
}
