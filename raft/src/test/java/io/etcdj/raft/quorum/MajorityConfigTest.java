package io.etcdj.raft.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MajorityConfigTest {
    @Test
    void committedIndexIsTheMajorityMedian() {
        MajorityConfig c = new MajorityConfig(List.of(1L, 2L, 3L, 4L, 5L));
        Map<Long, Long> acked = Map.of(1L, 9L, 2L, 7L, 3L, 5L, 4L, 3L, 5L, 1L);
        assertEquals(5, c.committedIndex(acked::get));
        MajorityConfig four = new MajorityConfig(List.of(1L, 2L, 3L, 4L));
        assertEquals(
                3,
                four.committedIndex(id -> Map.of(1L, 9L, 2L, 7L, 3L, 3L, 4L, 1L).get(id)));
        assertEquals(Long.MAX_VALUE, new MajorityConfig(List.of()).committedIndex(id -> 0));
    }

    @Test
    void votes() {
        MajorityConfig c = new MajorityConfig(List.of(1L, 2L, 3L));
        assertEquals(VoteResult.PENDING, c.voteResult(Map.of(1L, true)));
        assertEquals(VoteResult.WON, c.voteResult(Map.of(1L, true, 3L, true)));
        assertEquals(VoteResult.LOST, c.voteResult(Map.of(1L, true, 2L, false, 3L, false)));
        assertEquals(VoteResult.PENDING, c.voteResult(Map.of(2L, false, 9L, true)), "non-voters don't count");
    }
}
