package io.etcdj.server.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The log on disk is damaged in a way that is not a torn final write, so starting would
 * silently lose or reorder acknowledged data. The message names the file, the byte offset and
 * the problem so an operator can inspect (or deliberately cut) the file.
 */
public final class WalCorruptionException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public WalCorruptionException(Path file, long offset, String problem) {
        super(file + ": offset " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
