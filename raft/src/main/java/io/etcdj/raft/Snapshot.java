package io.etcdj.raft;

import java.util.Objects;

/** A state-machine image covering the log up to {@code metadata.index()}; {@code data} is opaque to Raft. */
public record Snapshot(SnapshotMetadata metadata, byte[] data) {
    public static final Snapshot EMPTY = new Snapshot(new SnapshotMetadata(0, 0, ConfState.EMPTY), Entry.EMPTY);

    public Snapshot {
        Objects.requireNonNull(metadata, "metadata");
        data = data == null ? Entry.EMPTY : data;
    }

    public long index() {
        return metadata.index();
    }

    public long term() {
        return metadata.term();
    }

    public boolean isEmpty() {
        return metadata.index() == 0;
    }

    @Override
    public String toString() {
        return "Index:" + index() + " Term:" + term() + " " + metadata.confState() + " Data:" + data.length + "B";
    }
}
