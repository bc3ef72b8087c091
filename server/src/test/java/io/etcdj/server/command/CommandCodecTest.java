package io.etcdj.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.etcdj.server.command.Command.Op;
import java.util.ArrayList;
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
            boolean recursive = op == Op.DELETE;
            boolean unique = op == Op.CREATE;
            all.add(new Command(op, "/k", "v", false, false, false, null, 0, Command.PERMANENT));
            all.add(new Command(
                    op, UNICODE_KEY, UNICODE_VALUE, true, recursive, unique, "prév 値", Long.MAX_VALUE, REAL_EXPIRY));
            all.add(new Command(op, "/k", "", false, recursive, unique, "", 1, -1L));
            all.add(new Command(op, "/", "", true, false, false, null, 42, 0L));
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
        Command c = Command.set("/a", false, "b", Command.PERMANENT);
        byte[] bytes = CommandCodec.encode(c);
        assertEquals(1, bytes[0], "format version");
        assertEquals(Op.SET.code(), bytes[1]);
        assertEquals(3 + 16 + 4 + 2 + 4 + 1, bytes.length);
    }

    /**
     * The op codes are what logs on disk hold (the first format wrote the enum's ordinal, in this order): they must
     * never change, whatever happens to the enum.
     */
    @Test
    void opCodesAreTheOnesLogsHold() {
        assertEquals(
                List.of(0, 1, 2, 3, 4, 5, 6),
                List.of(
                        Op.SET.code(),
                        Op.CREATE.code(),
                        Op.UPDATE.code(),
                        Op.COMPARE_AND_SWAP.code(),
                        Op.DELETE.code(),
                        Op.COMPARE_AND_DELETE.code(),
                        Op.EXPIRE.code()));
    }

    /** Bytes the first format wrote (recorded from the build before explicit codes): they decode the same. */
    @Test
    void commandsOfTheFirstFormatDecode() {
        // DELETE /d dir recursive: version 1, op 4, bits dir|flag, prevIndex 0, expire PERMANENT, "/d", ""
        byte[] delete = {1, 4, 3, 0, 0, 0, 0, 0, 0, 0, 0, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, '/', 'd', 0, 0, 0, 0};
        assertEquals(Command.delete("/d", true, true), CommandCodec.decode(delete));
        // POST /q value x (in-order create): op 1, bits flag
        byte[] post = {1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, '/', 'q', 0, 0, 0, 1, 'x'
        };
        assertEquals(Command.createInOrder("/q", false, "x", Command.PERMANENT), CommandCodec.decode(post));
        // compare-and-delete with recursive=true and prevValue "p": the flag had no effect and is dropped
        byte[] cad = {
            1, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, '/', 'c', 0, 0, 0, 0, 0, 0, 0, 1,
            'p'
        };
        assertEquals(Command.compareAndDelete("/c", "p", 0), CommandCodec.decode(cad));
    }

    @Test
    void aFlagOnTheWrongOpIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Command(Op.SET, "/a", "", false, true, false, null, 0, Command.PERMANENT));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Command(Op.DELETE, "/a", "", false, false, true, null, 0, Command.PERMANENT));
    }

    @Test
    void wrongVersionIsRefused() {
        byte[] bytes = CommandCodec.encode(Command.set("/a", false, "b", 5));
        for (byte version : new byte[] {0, 2, -1, 127}) {
            bytes[0] = version;
            assertThrows(IllegalArgumentException.class, () -> CommandCodec.decode(bytes), "version " + version);
        }
    }

    @Test
    void unknownOpIsRefused() {
        byte[] bytes = CommandCodec.encode(Command.set("/a", false, "b", 5));
        for (byte op : new byte[] {7, 99, -1}) {
            bytes[1] = op;
            assertThrows(IllegalArgumentException.class, () -> CommandCodec.decode(bytes), "op " + op);
        }
    }

    @Test
    void stringLengthBeyondTheEntryIsRefused() {
        byte[] bytes = CommandCodec.encode(Command.set("/a", false, "b", 5));
        // Key length field sits right after the 19-byte header.
        bytes[19] = 0x7f;
        assertThrows(IllegalArgumentException.class, () -> CommandCodec.decode(bytes));
        bytes[19] = (byte) 0xff; // negative length
        assertThrows(IllegalArgumentException.class, () -> CommandCodec.decode(bytes));
    }
}
