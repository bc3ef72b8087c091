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

    private EntryData() {}

    public static byte[] encode(long requestId, Command command) {
        byte[] data = CommandCodec.encode(command, 8);
        ByteBuffer.wrap(data).putLong(requestId);
        return data;
    }

    public static long requestId(byte[] data) {
        return ByteBuffer.wrap(data, 0, 8).getLong();
    }

    /** The request id, or {@link #NO_REQUEST} when the data is too short to hold one (a damaged or forged entry). */
    public static long requestIdOrNone(byte[] data) {
        return data.length < 8 ? NO_REQUEST : requestId(data);
    }

    /** @throws IllegalArgumentException when the data is not a request id and a whole command */
    public static Command command(byte[] data) {
        if (data.length < 8) {
            throw new IllegalArgumentException("entry of " + data.length + " bytes has no request id");
        }
        return CommandCodec.decode(data, 8);
    }
}
