package io.etcdj.faults.check;

import java.util.SplittableRandom;

/**
 * Random 128-bit Zobrist keys, one per operation, one per register state, and one per state an INFO operation was
 * taken in. A set of linearized operations is
 * fingerprinted by the XOR of its operations' keys (so lifting or putting back an operation is one XOR), and a
 * configuration by that XOR the key of its state. The seed is fixed so that a check is reproducible.
 */
final class Fingerprints {
    private static final long SEED = 0x5EED_CAFE_F00DL;

    private final long[] opHigh;
    private final long[] opLow;
    private final long[] stateHigh;
    private final long[] stateLow;
    private final long[] afterInfoHigh;
    private final long[] afterInfoLow;

    Fingerprints(int ops, int states) {
        SplittableRandom random = new SplittableRandom(SEED);
        opHigh = random.longs(ops).toArray();
        opLow = random.longs(ops).toArray();
        stateHigh = random.longs(states).toArray();
        stateLow = random.longs(states).toArray();
        afterInfoHigh = random.longs(states).toArray();
        afterInfoLow = random.longs(states).toArray();
    }

    /**
     * The key of "the last operation linearized was an INFO one, taken in state {@code before}", which restricts the
     * next step.
     */
    long afterInfoHigh(int before) {
        return afterInfoHigh[before];
    }

    long afterInfoLow(int before) {
        return afterInfoLow[before];
    }

    long opHigh(int op) {
        return opHigh[op];
    }

    long opLow(int op) {
        return opLow[op];
    }

    long stateHigh(int state) {
        return stateHigh[state];
    }

    long stateLow(int state) {
        return stateLow[state];
    }
}
