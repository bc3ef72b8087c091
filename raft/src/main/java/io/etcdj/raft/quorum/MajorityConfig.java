package io.etcdj.raft.quorum;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongUnaryOperator;

/** A set of voters decided by simple majority. Pure: no state besides the ids. */
public final class MajorityConfig {
    private final long[] ids;

    public MajorityConfig(Collection<Long> voters) {
        this.ids = new TreeSet<>(voters).stream().mapToLong(Long::longValue).toArray();
    }

    public List<Long> ids() {
        return Arrays.stream(ids).boxed().toList();
    }

    public boolean contains(long id) {
        return Arrays.binarySearch(ids, id) >= 0;
    }

    public int size() {
        return ids.length;
    }

    public int quorum() {
        return ids.length / 2 + 1;
    }

    /**
     * The largest index acknowledged by a majority, given each voter's acked index; Long.MAX_VALUE for an empty
     * config, so that a joint config can ignore an empty half.
     */
    public long committedIndex(LongUnaryOperator ackedIndex) {
        if (ids.length == 0) {
            return Long.MAX_VALUE;
        }
        long[] acked = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            acked[i] = ackedIndex.applyAsLong(ids[i]);
        }
        Arrays.sort(acked);
        // Sorted ascending, the entry at n - quorum is the highest index that a quorum has reached.
        return acked[ids.length - quorum()];
    }

    /** Counts votes ({@code true} = granted); missing voters are pending. An empty config wins (by convention). */
    public VoteResult voteResult(Map<Long, Boolean> votes) {
        if (ids.length == 0) {
            return VoteResult.WON;
        }
        int yes = 0;
        int missing = 0;
        for (long id : ids) {
            Boolean v = votes.get(id);
            if (v == null) {
                missing++;
            } else if (v) {
                yes++;
            }
        }
        int q = quorum();
        if (yes >= q) {
            return VoteResult.WON;
        }
        if (yes + missing >= q) {
            return VoteResult.PENDING;
        }
        return VoteResult.LOST;
    }

    @Override
    public String toString() {
        return Arrays.toString(ids);
    }
}
