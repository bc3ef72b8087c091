package io.etcdj.raft.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressTest {
    @ParameterizedTest(name = "probe next={0} match={1}: reject at {2} hint {3} -> ok={4} next={5}")
    @CsvSource({
        "5, 0, 4, 2, true, 3", // hint lets the leader skip back
        "5, 0, 3, 2, false, 5", // stale rejection: not about next-1
        "5, 3, 4, 1, true, 4", // never below match+1
        "5, 0, 4, 9, true, 4", // never above the rejected index
    })
    void probeDecrements(long next, long match, long rejected, long hint, boolean ok, long wantNext) {
        Progress p = new Progress(match, next, 4);
        assertEquals(ok, p.maybeDecrTo(rejected, hint));
        assertEquals(wantNext, p.next());
    }

    @Test
    void replicateIgnoresStaleRejectionsAndFallsBackToMatch() {
        Progress p = new Progress(5, 6, 4);
        p.becomeReplicate();
        p.sentEntries(8);
        p.sentEntries(10);
        assertEquals(11, p.next());
        assertFalse(p.maybeDecrTo(5, 5), "rejection at or below match is stale");
        assertTrue(p.maybeDecrTo(9, 5));
        assertEquals(6, p.next());
    }

    @Test
    void probePausesAfterOneMessageUntilAnswered() {
        Progress p = new Progress(0, 1, 4);
        assertFalse(p.isPaused());
        p.sentEntries(3);
        assertTrue(p.isPaused());
        assertTrue(p.maybeUpdate(3));
        assertFalse(p.isPaused());
        assertEquals(4, p.next());
    }

    @Test
    void snapshotStateHoldsUntilReported() {
        Progress p = new Progress(0, 1, 4);
        p.becomeSnapshot(20);
        assertTrue(p.isPaused());
        p.becomeProbe();
        assertEquals(21, p.next(), "after a snapshot, probing resumes past it");
    }

    @Test
    void replicateWindowIsBounded() {
        Progress p = new Progress(0, 1, 2);
        p.becomeReplicate();
        p.sentEntries(1);
        p.sentEntries(2);
        assertTrue(p.isPaused());
        p.maybeUpdate(1);
        p.inflights().freeLE(1);
        assertFalse(p.isPaused());
    }
}
