package io.etcdj.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.etcdj.server.command.Command.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CommandCodecTest {
    private static final long REAL_EXPIRY = 1_701_720_081_874_888_581L; // 2013-12-04T20:01:21.874888581Z
    private static final String UNICODE_KEY = "/ключ/日本語/🎉 space";
    private static final String UNICODE_VALUE = "värde \u0000 \n \"quoted\" 𝄞";

    static Stream<Command> commands() {
        List<Command> all = new ArrayList<>();
        for (Op op : Op.values()) {
            all.add(new Command(op, "/k", "v", false, false, null, 0, Command.PERMANENT));
            all.add(new Command(op, UNICODE_KEY, UNICODE_VALUE, true, true, "prév 値", Long.MAX_VALUE, REAL_EXPIRY));
            all.add(new Command(op, "/k", "", false, true, "", 1, -1L));
            all.add(new Command(op, "/", "", true, false, null, 42, 0L));
        }
        all.add(Command.expire(REAL_EXPIRY));
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void roundTrip(Command command) {
        Command decoded = CommandCodec.decode(CommandCodec.encode(command));
        assertEquals(command, decoded);
        // null and "" prevValue must stay distinct: one is "not compared", the other a (refused) empty compare.
        assertEquals(command.prevValue() == null, decoded.prevValue() == null);
    }

    @Test
    void encodingIsStable() {
        Command c = new Command(Op.SET, "/a", "b", false, false, null, 0, Command.PERMANENT);
        byte[] bytes = CommandCodec.encode(c);
        assertEquals(1, bytes[0], "format version");
        assertEquals(Op.SET.ordinal(), bytes[1]);
        assertEquals(3 + 16 + 4 + 2 + 4 + 1, bytes.length);
    }

    @Test
    void wrongVersionIsRefused() {
        byte[] bytes = CommandCodec.encode(new Command(Op.SET, "/a", "b", false, false, null, 0, 5));
        for (byte version : new byte[]{0, 2, -1, 127}) {
            bytes[0] = version;
            assertThrows(IllegalArgumentException.class, () -> CommandCodec.decode(bytes), "version " + version);
        }
    }

    @Test
    void unknownOpIsRefused() {
        byte[] bytes = CommandCodec.encode(new Command(Op.SET, "/a", "b", false, false, null, 0, 5));
        for (byte op : new byte[]{(byte) Op.values().length, 99, -1}) {
            bytes[1] = op;
            assertThrows(IllegalArgumentException.class, () -> CommandCodec.decode(bytes), "op " + op);
        }
    }

    @Test
    void stringLengthBeyondTheEntryIsRefused() {
        byte[] bytes = CommandCodec.encode(new Command(Op.SET, "/a", "b", false, false, null, 0, 5));
        // Key length field sits right after the 19-byte header.
        bytes[19] = 0x7f;
        assertThrows(IllegalArgumentException.class, () -> CommandCodec.decode(bytes));
        bytes[19] = (byte) 0xff; // negative length
        assertThrows(IllegalArgumentException.class, () -> CommandCodec.decode(bytes));
    }
}
