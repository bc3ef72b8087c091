package io.etcdj.server.cluster;

import static io.etcdj.server.cluster.ActiveSetMonitor.NOT_JUDGED;
import static io.etcdj.server.cluster.ActiveSetMonitor.silentSinceNanos;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** From when the leader counts a voter's silence before removing it (removeDelay). */
class ActiveSetMonitorTest {
    private static final long WATCHED_SINCE = 1_000_000_000L;

    @Test
    void aVoterWithoutStatisticsIsNotJudged() {
        // Between a step-down (statistics cleared) and the next heartbeat: judging then counted the whole watch as
        // silence, and a leader tried to remove a member that had answered a moment before.
        assertEquals(NOT_JUDGED, silentSinceNanos(WATCHED_SINCE, false, 0));
    }

    @Test
    void silenceCountsFromTheLastAnswerOrElseFromTheWatch() {
        assertEquals(WATCHED_SINCE + 5, silentSinceNanos(WATCHED_SINCE, true, WATCHED_SINCE + 5));
        assertEquals(WATCHED_SINCE, silentSinceNanos(WATCHED_SINCE, true, 0), "never answered");
        assertEquals(
                WATCHED_SINCE,
                silentSinceNanos(WATCHED_SINCE, true, WATCHED_SINCE - 5),
                "an answer from before this watch does not count");
    }
}
