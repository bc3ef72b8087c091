package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.etcdj.server.cluster.RemovalNotice.Verdict;
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
        assertEquals(Verdict.UNDECIDED, notice.judgeAt(ms(0), false), "no notice yet");
        notice.noticed(ms(0));
        assertEquals(Verdict.UNDECIDED, notice.judgeAt(ms(150), false), "too early to tell");
        assertEquals(Verdict.BELIEVED, notice.judgeAt(ms(200), false));
        assertEquals(Verdict.UNDECIDED, notice.judgeAt(ms(400), false), "believed once; the member stops");
    }

    @Test
    void aHeartbeatAlreadyOnItsWayDoesNotContradictTheNotice() {
        RemovalNotice notice = new RemovalNotice("m1", ELECTION_MS);
        notice.noticed(ms(0));
        notice.leaderSpoke(ms(50)); // sent before the leader removed us
        assertEquals(Verdict.BELIEVED, notice.judgeAt(ms(200), false));
    }

    @Test
    void theLeaderStillSpeakingMakesTheNoticeFalse() {
        RemovalNotice notice = new RemovalNotice("m1", ELECTION_MS);
        notice.noticed(ms(0));
        notice.leaderSpoke(ms(150));
        assertEquals(Verdict.REFUTED, notice.judgeAt(ms(200), false));
        assertEquals(Verdict.UNDECIDED, notice.judgeAt(ms(400), false), "the forged notice is forgotten");
    }

    @Test
    void aLeaderDoesNotBelieveIt() {
        RemovalNotice notice = new RemovalNotice("m1", ELECTION_MS);
        notice.noticed(ms(0));
        assertEquals(Verdict.REFUTED, notice.judgeAt(ms(200), true));
    }
}
