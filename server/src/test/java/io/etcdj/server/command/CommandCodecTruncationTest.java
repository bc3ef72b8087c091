package io.etcdj.server.command;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CommandCodecTruncationTest {
    @Test
    void everyTruncationIsAnIllegalArgument() {
        byte[] full = CommandCodec.encode(Command.compareAndSwap("/key", "value", "prev", 3, 5));
        for (int length = 0; length < full.length; length++) {
            byte[] cut = Arrays.copyOf(full, length);
            int n = length;
            assertThrows(IllegalArgumentException.class, () -> CommandCodec.decode(cut), "first " + n + " bytes");
        }
    }
}
