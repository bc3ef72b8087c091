package io.etcdj.peer.grpc;

import io.grpc.Status;

/**
 * A snapshot stream broke a rule (order, checksum, size, header) or cannot be taken now; the receiver ends the
 * stream with {@link #status()} and drops what it had of it.
 */
final class SnapshotRefusedException extends RuntimeException {
    private final Status.Code code;

    SnapshotRefusedException(Status.Code code, String message) {
        super(message);
        this.code = code;
    }

    /** Damaged data: a bad checksum, a gap, a stream that ends early. */
    static SnapshotRefusedException damaged(String message) {
        return new SnapshotRefusedException(Status.Code.DATA_LOSS, message);
    }

    /** What no correct sender does: a bad first chunk, more data than declared. */
    static SnapshotRefusedException invalid(String message) {
        return new SnapshotRefusedException(Status.Code.INVALID_ARGUMENT, message);
    }

    /** Too large, or another snapshot is being received, or the disk is full: the sender may retry later. */
    static SnapshotRefusedException exhausted(String message) {
        return new SnapshotRefusedException(Status.Code.RESOURCE_EXHAUSTED, message);
    }

    Status status() {
        return Status.fromCode(code).withDescription(getMessage());
    }
}
