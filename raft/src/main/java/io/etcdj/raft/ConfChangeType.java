package io.etcdj.raft;

/**
 * One-server-at-a-time membership changes (Raft paper §6 / thesis §4.1), each with the code a log entry stores
 * (never the enum's ordinal: reordering the constants must not change what is on disk).
 */
public enum ConfChangeType {
    ADD_NODE(0),
    REMOVE_NODE(1);

    private final int code;

    ConfChangeType(int code) {
        this.code = code;
    }

    /** The byte a conf-change entry stores for this type. */
    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for a code no type has */
    public static ConfChangeType fromCode(int code) {
        for (ConfChangeType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown conf change type " + code);
    }
}
