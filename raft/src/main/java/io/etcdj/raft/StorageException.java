package io.etcdj.raft;

/** A {@link Storage} cannot serve a request; the subclasses are the expected, recoverable cases. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    /** The requested index is older than the storage's first index: it was compacted into a snapshot. */
    public static final class CompactedException extends StorageException {
        public CompactedException(long index, long firstIndex) {
            super("requested index " + index + " is unavailable due to compaction (first index " + firstIndex + ")");
        }
    }

    /** The requested index is beyond the last index. */
    public static final class UnavailableException extends StorageException {
        public UnavailableException(long index, long lastIndex) {
            super("requested entry at index " + index + " is unavailable (last index " + lastIndex + ")");
        }
    }

    /** A snapshot older than the one already held was offered. */
    public static final class SnapshotOutOfDateException extends StorageException {
        public SnapshotOutOfDateException(long index, long current) {
            super("requested snapshot index " + index + " is older than the existing snapshot " + current);
        }
    }

    /** The storage is building a snapshot; the leader should try again later. */
    public static final class SnapshotTemporarilyUnavailableException extends StorageException {
        public SnapshotTemporarilyUnavailableException() {
            super("snapshot is temporarily unavailable");
        }
    }
}
