package io.etcdj.server.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test helper: the records of a segment file as written (offset, length, type), read by walking the length fields
 * from the 32-byte header, so tests can damage or cut a file at an exact record without trusting the code under
 * test to find it.
 */
public final class WalBytes {
    private static final int HEADER = 32;
    private static final int PREFIX = 8;

    /** One record: where it starts, its total length (prefix included), its type code without the AFTER_SYNC bit. */
    public record Rec(int offset, int length, int type) {
        public int end() {
            return offset + length;
        }
    }

    private WalBytes() {}

    /** The records from the header until a zero length field or the end of the bytes. */
    public static List<Rec> records(byte[] segment) {
        ByteBuffer b = ByteBuffer.wrap(segment).order(ByteOrder.LITTLE_ENDIAN);
        List<Rec> list = new ArrayList<>();
        int off = HEADER;
        while (off + PREFIX + 1 <= segment.length) {
            int len = b.getInt(off);
            if (len <= 0 || off + PREFIX + len > segment.length) {
                break;
            }
            list.add(new Rec(off, PREFIX + len, segment[off + PREFIX] & 0x7f));
            off += PREFIX + len;
        }
        return list;
    }

    /** The entry record for the given Raft index (the last one if it was written more than once). */
    public static Rec entry(byte[] segment, long index) {
        ByteBuffer b = ByteBuffer.wrap(segment).order(ByteOrder.LITTLE_ENDIAN);
        Rec found = null;
        for (Rec r : records(segment)) {
            if (r.type() == 1 && b.getLong(r.offset() + PREFIX + 1 + 8) == index) {
                found = r;
            }
        }
        if (found == null) {
            throw new AssertionError("no entry " + index + " in the segment");
        }
        return found;
    }

    /** The segment files (*.wal) in dir, oldest first. */
    public static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".wal"))
                    .sorted()
                    .toList();
        }
    }
}
