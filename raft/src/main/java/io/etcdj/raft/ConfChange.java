package io.etcdj.raft;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A membership change, carried in the data of a {@link EntryType#CONF_CHANGE} entry. Encoding: type code (1 byte,
 * {@link ConfChangeType#code()}), node id (8 bytes), context (the rest). The context is opaque (etcd puts the member's URLs there).
 */
public record ConfChange(ConfChangeType type, long nodeId, byte[] context) {
    public ConfChange {
        Objects.requireNonNull(type, "type");
        if (nodeId == 0) {
            throw new IllegalArgumentException("node id 0 is reserved for 'none'");
        }
        context = context == null ? Entry.EMPTY : context;
    }

    public static ConfChange addNode(long id) {
        return new ConfChange(ConfChangeType.ADD_NODE, id, null);
    }

    public static ConfChange removeNode(long id) {
        return new ConfChange(ConfChangeType.REMOVE_NODE, id, null);
    }

    public byte[] encode() {
        return ByteBuffer.allocate(9 + context.length)
                .put((byte) type.code())
                .putLong(nodeId)
                .put(context)
                .array();
    }

    public static ConfChange decode(byte[] data) {
        if (data.length < 9) {
            throw new IllegalArgumentException("conf change data too short: " + data.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(data);
        ConfChangeType type = ConfChangeType.fromCode(buf.get());
        long id = buf.getLong();
        byte[] ctx = new byte[buf.remaining()];
        buf.get(ctx);
        return new ConfChange(type, id, ctx);
    }

    @Override
    public String toString() {
        return (type == ConfChangeType.ADD_NODE ? "v" : "r") + nodeId;
    }
}
