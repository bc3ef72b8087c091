package io.etcdj.server.cluster;

import io.etcdj.raft.ConfChange;
import io.etcdj.raft.Entry;

/**
 * Decodes the conf change of a committed entry. Entries come from the leader, and a member cannot refuse what its
 * quorum committed; an entry that does not decode is the same bytes on every member, so every member skips it alike
 * (a logged no-op) instead of stopping at it forever.
 */
final class ConfChanges {
    static final String KIND = "log entry";

    private ConfChanges() {}

    /** The change, or null (counted and logged) when the entry's data is not one. */
    static ConfChange decode(Entry e, RejectedInput rejected) {
        try {
            return ConfChange.decode(e.data());
        } catch (IllegalArgumentException damaged) {
            rejected.reject(
                    KIND, "membership change at index " + e.index() + " applied as a no-op: " + damaged.getMessage());
            return null;
        }
    }

    /** As {@link #decode}, without counting: for the second reader of an entry the first one already reported. */
    static ConfChange decodeQuietly(Entry e) {
        try {
            return ConfChange.decode(e.data());
        } catch (IllegalArgumentException damaged) {
            return null;
        }
    }
}
