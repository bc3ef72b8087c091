package io.etcdj.server.wal;

/** A serialized state machine image covering every log entry up to {@code index} (of {@code term}). */
public record Snapshot(long index, long term, byte[] data) {}
