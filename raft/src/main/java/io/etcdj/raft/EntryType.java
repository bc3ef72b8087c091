package io.etcdj.raft;

/** What an {@link Entry}'s data holds. */
public enum EntryType {
    /** Application data (possibly empty: a new leader's no-op entry). */
    NORMAL,
    /** An encoded {@link ConfChange}; the caller applies it with {@link RawNode#applyConfChange}. */
    CONF_CHANGE
}
