package io.etcdj.faults.check;

import java.util.Arrays;

/**
 * Lowe's memo of the search: the configurations already explored (each explored once), extended with a dominance rule
 * for INFO operations.
 *
 * <p>A configuration is (OK operations linearized, INFO operations linearized, state). Two with the same OK set and
 * state where one has used a subset of the other's INFO operations: the one that used fewer can do everything the
 * other can (INFO operations are optional and never block anything, their return being at +infinity), so once it has
 * been explored the other need not be. Without this rule every INFO operation that never took effect doubles the
 * configurations a failing search must exhaust: a few tens of timeouts made a 300-operation history undecidable.
 *
 * <p>The (OK set, state) part is stored as its 128-bit fingerprint, not as a BitSet: a BitSet of n operations costs
 * n/8 bytes (625 for 5,000), which at millions of configurations is gigabytes, while a fingerprint costs 16 bytes.
 * The fingerprint is a Zobrist hash the search keeps up to date in O(1) a step ({@link Fingerprints}). Two distinct
 * (OK set, state) pairs share a fingerprint with probability 2^-128, so among 5,000,000 configurations the chance that
 * any two collide is below 10^-25; a collision could only make the search skip a configuration it should explore. The
 * INFO sets are stored exactly, as bit words over the INFO operations' numbers, trailing zero words dropped; per
 * fingerprint only the minimal ones are kept (an antichain).
 *
 * <p>Open addressing with linear probing, grown by doubling at 3/4 full; (0, 0) marks an empty slot, so the
 * fingerprint (0, 0) is remapped to (0, 1) (merging two pairs with probability 2^-128 again). A configuration costs
 * 20 to 40 bytes (its slot, at the load factor; INFO sets are shared between consecutive configurations): at the
 * default bound of 5,000,000 configurations, where the search stops (UNKNOWN), the table holds about 170 MB, and 250 MB
 * while it doubles.
 */
final class ConfigurationCache {
    private static final int INITIAL_SLOTS = 1 << 10;
    private static final long[] NO_INFO = new long[0];

    private long[] fingerprints = new long[2 * INITIAL_SLOTS];
    /** Per slot: a long[] (one INFO set) or a long[][] (several, none a subset of another). */
    private Object[] infoSets = new Object[INITIAL_SLOTS];

    private long[] lastCopy = NO_INFO;
    private int mask = INITIAL_SLOTS - 1;
    private int slotsUsed;
    private long added;

    /**
     * Records the configuration (fingerprint (high, low) of its OK set and state, INFO set {@code usedInfo}) unless an
     * explored one dominates it: one with the same fingerprint whose INFO set is a subset of {@code usedInfo}.
     *
     * @return true if the configuration is new and must be explored; false if it can be skipped
     */
    boolean add(long high, long low, long[] usedInfo) {
        if (high == 0 && low == 0) {
            low = 1;
        }
        if (4L * (slotsUsed + 1) > 3L * (mask + 1)) {
            grow();
        }
        int slot = (int) mix(high ^ low) & mask;
        while (fingerprints[2 * slot] != 0 || fingerprints[2 * slot + 1] != 0) {
            if (fingerprints[2 * slot] == high && fingerprints[2 * slot + 1] == low) {
                return addToSlot(slot, usedInfo);
            }
            slot = (slot + 1) & mask;
        }
        fingerprints[2 * slot] = high;
        fingerprints[2 * slot + 1] = low;
        infoSets[slot] = trimmedCopy(usedInfo);
        slotsUsed++;
        added++;
        return true;
    }

    /** How many configurations were recorded as new (the search's measure of work, and of this memo's size). */
    long added() {
        return added;
    }

    private boolean addToSlot(int slot, long[] usedInfo) {
        Object stored = infoSets[slot];
        long[][] sets = stored instanceof long[] single ? new long[][] {single} : (long[][]) stored;
        for (long[] set : sets) {
            if (isSubset(set, usedInfo)) {
                return false;
            }
        }
        long[] copy = trimmedCopy(usedInfo);
        long[][] kept = Arrays.stream(sets).filter(set -> !isSubset(copy, set)).toArray(long[][]::new);
        long[][] grown = Arrays.copyOf(kept, kept.length + 1);
        grown[kept.length] = copy;
        infoSets[slot] = grown.length == 1 ? grown[0] : grown;
        added++;
        return true;
    }

    private static boolean isSubset(long[] small, long[] large) {
        for (int word = 0; word < small.length; word++) {
            long other = word < large.length ? large[word] : 0;
            if ((small[word] & ~other) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code words} without its trailing zero words, as an array of its own; the same array as the last call returned
     * when the words are the same, which is the rule, not the exception: the search uses an INFO operation in a few
     * percent of its steps, so most configurations share their INFO set with the one stored before them.
     */
    private long[] trimmedCopy(long[] words) {
        int length = words.length;
        while (length > 0 && words[length - 1] == 0) {
            length--;
        }
        if (length == 0) {
            return NO_INFO;
        }
        if (!Arrays.equals(words, 0, length, lastCopy, 0, lastCopy.length)) {
            lastCopy = Arrays.copyOf(words, length);
        }
        return lastCopy;
    }

    private void grow() {
        int newMask = 2 * (mask + 1) - 1;
        long[] newFingerprints = new long[2 * (newMask + 1)];
        Object[] newInfoSets = new Object[newMask + 1];
        for (int slot = 0; slot <= mask; slot++) {
            long high = fingerprints[2 * slot];
            long low = fingerprints[2 * slot + 1];
            if (high == 0 && low == 0) {
                continue;
            }
            int target = (int) mix(high ^ low) & newMask;
            while (newFingerprints[2 * target] != 0 || newFingerprints[2 * target + 1] != 0) {
                target = (target + 1) & newMask;
            }
            newFingerprints[2 * target] = high;
            newFingerprints[2 * target + 1] = low;
            newInfoSets[target] = infoSets[slot];
        }
        fingerprints = newFingerprints;
        infoSets = newInfoSets;
        mask = newMask;
    }

    /** The finalizer of SplitMix64: spreads fingerprint bits (already random) over the slot index cheaply. */
    private static long mix(long bits) {
        bits = (bits ^ (bits >>> 33)) * 0xff51afd7ed558ccdL;
        return bits ^ (bits >>> 33);
    }
}
