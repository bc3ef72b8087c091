package io.etcdj.raft.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InflightsTest {
    @Test
    void boundedWindowFreesInOrderAcrossTheWrap() {
        Inflights in = new Inflights(4);
        for (long i = 1; i <= 4; i++) {
            in.add(i * 10);
        }
        assertTrue(in.full());
        assertThrows(IllegalStateException.class, () -> in.add(50));
        in.freeLE(25);
        assertEquals(2, in.count());
        in.add(50);
        in.add(60); // wraps around the ring
        assertTrue(in.full());
        in.freeFirstOne();
        assertEquals(3, in.count());
        in.freeLE(1000);
        assertEquals(0, in.count());
        assertFalse(in.full());
    }

    @Test
    void indexesMustIncrease() {
        Inflights in = new Inflights(4);
        in.add(5);
        assertThrows(IllegalStateException.class, () -> in.add(5));
    }
}
