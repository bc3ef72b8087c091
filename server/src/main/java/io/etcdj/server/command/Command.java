package io.etcdj.server.command;

/**
 * One keyspace mutation as it is written to the log. Everything that must be identical on replay is decided before
 * the command is logged: in particular the expiration is an absolute time chosen by the leader, never a TTL.
 *
 * @param op                what to do
 * @param key               the key (already cleaned)
 * @param value             the new value ("" when absent)
 * @param dir               dir=true
 * @param flag              recursive (DELETE) or unique/in-order (CREATE)
 * @param prevValue         compared value, null when not compared
 * @param prevIndex         compared index, 0 when not compared
 * @param expireEpochNanos  absolute expiration in nanoseconds since the epoch, or {@link #PERMANENT};
 *                          for {@link Op#EXPIRE} the cutoff time
 */
public record Command(Op op, String key, String value, boolean dir, boolean flag, String prevValue, long prevIndex,
                      long expireEpochNanos) {

    public static final long PERMANENT = Long.MIN_VALUE;

    public enum Op {
        SET, CREATE, UPDATE, COMPARE_AND_SWAP, DELETE, COMPARE_AND_DELETE,
        /** Remove every key whose expiration is at or before the cutoff (the leader's clock, logged). */
        EXPIRE;

        private static final Op[] VALUES = values();

        public static Op fromOrdinal(int ordinal) {
            if (ordinal < 0 || ordinal >= VALUES.length) {
                throw new IllegalArgumentException("unknown command op " + ordinal);
            }
            return VALUES[ordinal];
        }
    }

    public static Command expire(long cutoffEpochNanos) {
        return new Command(Op.EXPIRE, "/", "", false, false, null, 0, cutoffEpochNanos);
    }
}
