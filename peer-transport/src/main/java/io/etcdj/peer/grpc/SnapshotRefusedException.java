package io.etcdj.peer.grpc;

/** A snapshot stream broke a rule (order, checksum, size); the receiver answers DATA_LOSS and drops it. */
final class SnapshotRefusedException extends RuntimeException {
    SnapshotRefusedException(String message) {
        super(message);
    }
}
