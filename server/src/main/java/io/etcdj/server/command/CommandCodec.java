package io.etcdj.server.command;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of a {@link Command} in the log: small and fast to write, versioned by its first byte so the format
 * can evolve without breaking logs already on disk.
 *
 * <pre>
 * u8 version(1) | u8 op code | u8 bits(dir=1, flag=2, hasPrevValue=4) | i64 prevIndex | i64 expireEpochNanos
 * | str key | str value | [str prevValue]      where str = i32 length + UTF-8 bytes
 * </pre>
 * The op code is {@link Command.Op#code()}; the flag bit is the op's own flag: {@code recursive} for DELETE,
 * {@code unique} for CREATE (the first format wrote the same bits, so every log on disk reads the same).
 */
public final class CommandCodec {
    private static final byte VERSION = 1;
    private static final int DIR = 1;
    private static final int FLAG = 2;
    private static final int HAS_PREV_VALUE = 4;

    private CommandCodec() {}

    public static byte[] encode(Command command) {
        return encode(command, 0);
    }

    /** The encoding after {@code headroomBytes} zero bytes the caller fills in (a log entry's request id). */
    public static byte[] encode(Command command, int headroomBytes) {
        byte[] key = command.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = command.value().getBytes(StandardCharsets.UTF_8);
        byte[] prevValue =
                command.prevValue() == null ? null : command.prevValue().getBytes(StandardCharsets.UTF_8);
        int size = 3 + 16 + 4 + key.length + 4 + value.length + (prevValue == null ? 0 : 4 + prevValue.length);
        ByteBuffer buffer = ByteBuffer.allocate(headroomBytes + size).position(headroomBytes);
        boolean flag = command.recursive() || command.unique();
        int bits = (command.dir() ? DIR : 0) | (flag ? FLAG : 0) | (prevValue != null ? HAS_PREV_VALUE : 0);
        buffer.put(VERSION).put((byte) command.op().code()).put((byte) bits);
        buffer.putLong(command.prevIndex()).putLong(command.expireEpochNanos());
        putBytes(buffer, key);
        putBytes(buffer, value);
        if (prevValue != null) {
            putBytes(buffer, prevValue);
        }
        return buffer.array();
    }

    /** @throws IllegalArgumentException for any entry that is not a whole command of a known version */
    public static Command decode(byte[] data) {
        return decode(data, 0);
    }

    /** As {@link #decode(byte[])} for a command that starts {@code offset} bytes into {@code data}. */
    public static Command decode(byte[] data, int offset) {
        try {
            return decodeUnchecked(data, offset);
        } catch (BufferUnderflowException | IndexOutOfBoundsException truncated) {
            throw new IllegalArgumentException("command entry of " + (data.length - offset) + " bytes is truncated");
        }
    }

    private static Command decodeUnchecked(byte[] data, int offset) {
        ByteBuffer buffer = ByteBuffer.wrap(data, offset, data.length - offset);
        byte version = buffer.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown command format version " + version);
        }
        Command.Op op = Command.Op.fromCode(buffer.get());
        int bits = buffer.get();
        long prevIndex = buffer.getLong();
        long expire = buffer.getLong();
        String key = getString(buffer);
        String value = getString(buffer);
        String prevValue = (bits & HAS_PREV_VALUE) != 0 ? getString(buffer) : null;
        boolean flag = (bits & FLAG) != 0;
        // The first builds also set the flag of a compare-and-delete (recursive=true); it never had an effect.
        return new Command(
                op,
                key,
                value,
                (bits & DIR) != 0,
                flag && op == Command.Op.DELETE,
                flag && op == Command.Op.CREATE,
                prevValue,
                prevIndex,
                expire);
    }

    private static void putBytes(ByteBuffer buffer, byte[] bytes) {
        buffer.putInt(bytes.length).put(bytes);
    }

    private static String getString(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException("command string length " + length + " exceeds the entry");
        }
        String s = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
        buffer.position(buffer.position() + length);
        return s;
    }
}
