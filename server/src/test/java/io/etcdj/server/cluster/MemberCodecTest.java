package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.etcdj.peer.Member;
import io.etcdj.raft.ConfChange;
import io.etcdj.raft.ConfChangeType;
import io.etcdj.server.wal.LogEntry;
import io.etcdj.server.wal.Wal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The member record in a membership change's context: logs on disk hold it, so its bytes never change. */
class MemberCodecTest {
    @TempDir
    Path dir;

    @Test
    void version1IsAVersionByteThenNameAndUrlsAsModifiedUtf8() {
        Member m = Member.named("n1", "http://127.0.0.1:7001", "http://127.0.0.1:4001");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(1);
        for (String s : new String[] {"n1", "http://127.0.0.1:7001", "http://127.0.0.1:4001"}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            expected.write(0);
            expected.write(b.length);
            expected.writeBytes(b);
        }
        assertArrayEquals(expected.toByteArray(), MemberCodec.encode(m));
        Member back = MemberCodec.decode(expected.toByteArray());
        assertEquals(m, back);
        assertEquals(Member.idOf("n1"), back.id(), "the id is derived from the name, not stored");
    }

    @Test
    void theRegistrationInAFirstFormatDataDirDecodesAndEncodesToTheSameBytes() throws Exception {
        Path from = Path.of(MemberCodecTest.class
                .getResource("/datadir-format-1/single-node/wal")
                .toURI());
        Path wal = Files.createDirectories(dir.resolve("wal"));
        try (var files = Files.list(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, wal.resolve(p.getFileName().toString()));
            }
        }
        LogEntry first;
        try (Wal w = Wal.open(wal, 0, 0)) {
            first = w.recoveredEntries().get(0);
        }
        assertEquals(1, first.index());
        ConfChange registration = ConfChange.decode(first.data());
        assertEquals(ConfChangeType.ADD_NODE, registration.type());
        Member machine0 = MemberCodec.decode(registration.context());
        assertEquals(Member.named("machine0", "http://127.0.0.1:24102", "http://127.0.0.1:24101"), machine0);
        assertEquals(registration.nodeId(), machine0.id(), "the id the log recorded is the one derived again");
        assertArrayEquals(registration.context(), MemberCodec.encode(machine0));
    }

    @Test
    void anotherVersionOrDamagedBytesAreRefusedNotGuessed() {
        byte[] good = MemberCodec.encode(Member.named("n1", "http://a:7001", "http://a:4001"));
        byte[] otherVersion = good.clone();
        otherVersion[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> MemberCodec.decode(otherVersion));
        assertThrows(IllegalArgumentException.class, () -> MemberCodec.decode(Arrays.copyOf(good, good.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> MemberCodec.decode(new byte[0]));
    }
}
