package io.etcdj.server.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The log on disk is damaged in a way that is not a torn final write, or was cut back behind what
 * was acknowledged, so starting would silently lose or reorder acknowledged data. The message
 * names the file, the byte offset and the problem so an operator can inspect the file, and says
 * the ways out.
 */
public final class WalCorruptionException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What an operator can do; every refusal says it. */
    public static final String WAY_OUT = "etcd stopped rather than start without acknowledged writes. What to do:"
            + " for a member of a cluster, move this data dir aside (keep it to inspect), remove the member on"
            + " another member (DELETE /v2/admin/machines/<name> on its peer port) and start it again with an empty"
            + " -data-dir to rejoin and copy the keyspace from the leader; for a single member, stop it and restore"
            + " the data dir from a backup; or start with -f to discard this data dir's log and snapshots (their"
            + " writes are lost)";

    private final transient Path file;
    private final long offset;

    public WalCorruptionException(Path file, long offset, String problem) {
        super(file + ": offset " + offset + ": " + problem + ". " + WAY_OUT);
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
