package io.etcdj.server.command;

/**
 * One keyspace mutation as it is written to the log. Everything that must be identical on replay is decided before
 * the command is logged: in particular the expiration is an absolute time chosen by the leader, never a TTL.
 * Made with the named factories, one per request kind; each field means one thing.
 *
 * @param op                what to do
 * @param key               the key (already cleaned)
 * @param value             the new value ("" when absent)
 * @param dir               dir=true
 * @param recursive         DELETE only: recursive=true
 * @param unique            CREATE only: POST, an in-order key made under {@code key}
 * @param prevValue         compared value, null when not compared
 * @param prevIndex         compared index, 0 when not compared
 * @param expireEpochNanos  absolute expiration in nanoseconds since the epoch, or {@link #PERMANENT};
 *                          for {@link Op#EXPIRE} the cutoff time
 */
public record Command(
        Op op,
        String key,
        String value,
        boolean dir,
        boolean recursive,
        boolean unique,
        String prevValue,
        long prevIndex,
        long expireEpochNanos) {

    public static final long PERMANENT = Long.MIN_VALUE;

    /** The operations, each with the code the log stores (never the enum's ordinal: reordering must not matter). */
    public enum Op {
        SET(0),
        CREATE(1),
        UPDATE(2),
        COMPARE_AND_SWAP(3),
        DELETE(4),
        COMPARE_AND_DELETE(5),
        /** Remove every key whose expiration is at or before the cutoff (the leader's clock, logged). */
        EXPIRE(6);

        private final int code;

        Op(int code) {
            this.code = code;
        }

        /** The byte the log stores for this operation. */
        public int code() {
            return code;
        }

        /** @throws IllegalArgumentException for a code no operation has */
        public static Op fromCode(int code) {
            for (Op op : values()) {
                if (op.code == code) {
                    return op;
                }
            }
            throw new IllegalArgumentException("unknown command op " + code);
        }
    }

    public Command {
        if (recursive && op != Op.DELETE) {
            throw new IllegalArgumentException("recursive is for DELETE only, not " + op);
        }
        if (unique && op != Op.CREATE) {
            throw new IllegalArgumentException("unique is for CREATE only, not " + op);
        }
        value = value == null ? "" : value;
    }

    /** PUT without conditions. */
    public static Command set(String key, boolean dir, String value, long expireEpochNanos) {
        return new Command(Op.SET, key, dir ? "" : value, dir, false, false, null, 0, expireEpochNanos);
    }

    /** PUT prevExist=false. */
    public static Command create(String key, boolean dir, String value, long expireEpochNanos) {
        return new Command(Op.CREATE, key, dir ? "" : value, dir, false, false, null, 0, expireEpochNanos);
    }

    /** POST: a new in-order key under the directory {@code dirKey}. */
    public static Command createInOrder(String dirKey, boolean dir, String value, long expireEpochNanos) {
        return new Command(Op.CREATE, dirKey, dir ? "" : value, dir, false, true, null, 0, expireEpochNanos);
    }

    /** PUT prevExist=true. */
    public static Command update(String key, String value, long expireEpochNanos) {
        return new Command(Op.UPDATE, key, value, false, false, false, null, 0, expireEpochNanos);
    }

    /** PUT with prevValue (null: not compared) and/or prevIndex (0: not compared). */
    public static Command compareAndSwap(
            String key, String value, String prevValue, long prevIndex, long expireEpochNanos) {
        return new Command(
                Op.COMPARE_AND_SWAP, key, value, false, false, false, prevValue, prevIndex, expireEpochNanos);
    }

    /** DELETE without conditions. */
    public static Command delete(String key, boolean dir, boolean recursive) {
        return new Command(Op.DELETE, key, "", dir, recursive, false, null, 0, PERMANENT);
    }

    /** DELETE with prevValue (null: not compared) and/or prevIndex (0: not compared). */
    public static Command compareAndDelete(String key, String prevValue, long prevIndex) {
        return new Command(Op.COMPARE_AND_DELETE, key, "", false, false, false, prevValue, prevIndex, PERMANENT);
    }

    /** The leader's TTL sweep: every key expired at {@code cutoffEpochNanos}. */
    public static Command expire(long cutoffEpochNanos) {
        return new Command(Op.EXPIRE, "/", "", false, false, false, null, 0, cutoffEpochNanos);
    }
}
