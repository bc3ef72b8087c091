package io.etcdj.server.cluster;

import io.etcdj.server.command.Command;
import io.etcdj.server.command.CommandCodec;

import java.nio.ByteBuffer;

/**
 * The data of a normal log entry: the proposing member's request id (8 bytes), then the command. The id lets the
 * proposer find its waiting client when the entry is applied, whichever leader committed it. Empty data is a new
 * leader's no-op entry.
 */
public final class EntryData {
    /** The id of entries nobody waits for (expiry). */
    public static final long NO_REQUEST = 0;

    private EntryData() {
    }

    public static byte[] encode(long requestId, Command command) {
        byte[] body = CommandCodec.encode(command);
        return ByteBuffer.allocate(8 + body.length).putLong(requestId).put(body).array();
    }

    public static long requestId(byte[] data) {
        return ByteBuffer.wrap(data, 0, 8).getLong();
    }

    public static Command command(byte[] data) {
        byte[] body = new byte[data.length - 8];
        System.arraycopy(data, 8, body, 0, body.length);
        return CommandCodec.decode(body);
    }
}
