package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One ReadIndex round at a time: the reads that arrive during a round share the next one. */
class ReadRoundsTest {
    private static final long MAX_AGE = TimeUnit.SECONDS.toNanos(10);
    private static final long PATIENCE = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long T0 = TimeUnit.SECONDS.toNanos(1_000);

    private static long ms(long millis) {
        return T0 + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void aRoundInFlightHoldsTheNextBackUntilItIsAnswered() {
        ReadRounds rounds = new ReadRounds(MAX_AGE, PATIENCE);
        assertTrue(rounds.mayStart(ms(0)));
        byte[] first = rounds.start(List.of(1L, 2L), ms(0));

        assertFalse(rounds.mayStart(ms(1)), "reads arriving now wait for the round in flight");
        assertEquals(List.of(1L, 2L), rounds.answered(first));
        assertTrue(rounds.mayStart(ms(1)), "answered: the waiting reads go in the next round");
        assertEquals(List.of(), rounds.answered(first), "a round is answered once");
    }

    @Test
    void aRoundUnansweredForItsPatienceNoLongerHoldsTheNextBack() {
        ReadRounds rounds = new ReadRounds(MAX_AGE, PATIENCE);
        byte[] lost = rounds.start(List.of(1L), ms(0));
        assertFalse(rounds.mayStart(ms(49)));
        assertTrue(rounds.mayStart(ms(50)), "the answer is likely lost");

        byte[] next = rounds.start(List.of(2L), ms(50));
        assertFalse(rounds.mayStart(ms(60)), "patience counts from the newest round");
        assertEquals(List.of(2L), rounds.answered(next));
        assertFalse(rounds.mayStart(ms(60)), "the lost round is still in flight");
        assertEquals(List.of(1L), rounds.answered(lost), "a late answer still serves its reads");
        assertTrue(rounds.mayStart(ms(60)));
    }

    @Test
    void leadershipLostFreesTheSlotAndReturnsEveryWaitingRead() {
        ReadRounds rounds = new ReadRounds(MAX_AGE, PATIENCE);
        rounds.start(List.of(1L, 2L), ms(0));
        rounds.start(List.of(3L), ms(60));

        assertEquals(List.of(1L, 2L, 3L), rounds.abandonAll().stream().sorted().toList());
        assertTrue(rounds.mayStart(ms(61)));
    }
}
