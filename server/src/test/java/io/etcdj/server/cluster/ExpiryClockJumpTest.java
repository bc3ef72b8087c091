package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.store.V2Store;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** TTL keys expire by the leader's wall clock, so the leader says so when that clock jumps. */
class ExpiryClockJumpTest {
    /** A wall clock a test moves by hand, on top of the real passage of time. */
    private static final class JumpingClock extends Clock {
        volatile long offsetMs;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(System.currentTimeMillis() + offsetMs);
        }
    }

    @Test
    void aJumpOfTheWallClockIsNoticedAndSteadyTimeIsNot() {
        JumpingClock clock = new JumpingClock();
        Expiry expiry = new Expiry(new V2Store(clock), clock);
        assertEquals(0, expiry.noticeClockJump(), "no jump: wall and monotonic time moved alike");
        clock.offsetMs = 3_600_000;
        long forward = expiry.noticeClockJump();
        assertTrue(forward > 3_590_000 && forward < 3_610_000, "jump forward of an hour, got " + forward);
        assertEquals(0, expiry.noticeClockJump(), "reported once");
        clock.offsetMs = 0;
        long back = expiry.noticeClockJump();
        assertTrue(back < -3_590_000 && back > -3_610_000, "jump back of an hour, got " + back);
    }

    @Test
    void aJumpWhileFollowingIsNoticedAtTheFirstLeaderTick() {
        JumpingClock clock = new JumpingClock();
        Expiry expiry = new Expiry(new V2Store(clock), clock);
        clock.offsetMs = 1_800_000; // the member was following then: no tick saw it
        long jump = expiry.noticeClockJump(); // the first tick as leader
        assertTrue(jump > 1_790_000 && jump < 1_810_000, "jump forward of 30 min, got " + jump);
    }
}
