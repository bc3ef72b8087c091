package io.etcdj.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.Member;
import io.etcdj.server.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A standby's standby_info: what a restarted standby finds its cluster with. */
class StandbyInfoTest {
    @TempDir
    Path dataDir;

    private static final StandbyInfo INFO = new StandbyInfo(
            List.of(
                    Member.named("a", "http://127.0.0.1:7001", "http://127.0.0.1:4001"),
                    Member.named("b", "http://127.0.0.1:7002", "http://127.0.0.1:4002")),
            "b",
            "{\"activeSize\":3,\"removeDelay\":2,\"syncInterval\":1}");

    @Test
    void roundTripsThroughTheFile() throws Exception {
        assertNull(StandbyInfo.read(dataDir));
        INFO.write(dataDir);
        assertEquals(INFO, StandbyInfo.read(dataDir));
        assertFalse(Files.exists(dataDir.resolve(StandbyInfo.FILE_NAME + ".tmp")));
        StandbyInfo newer = new StandbyInfo(INFO.members().subList(0, 1), "", "");
        newer.write(dataDir);
        assertEquals(newer, StandbyInfo.read(dataDir));
        StandbyInfo.delete(dataDir);
        assertNull(StandbyInfo.read(dataDir));
    }

    @Test
    void aDamagedFileStopsStartUpNamingIt() throws Exception {
        Path file = dataDir.resolve(StandbyInfo.FILE_NAME);
        byte[] good = INFO.encode();
        for (byte[] bad : new byte[][] {
            new byte[0],
            "garbage".getBytes(StandardCharsets.UTF_8),
            java.util.Arrays.copyOf(good, good.length / 2),
            new String(good, StandardCharsets.UTF_8)
                    .replace("\"format\":1", "\"format\":2")
                    .getBytes(StandardCharsets.UTF_8),
            new String(good, StandardCharsets.UTF_8)
                    .replace("\"format\":1,", "")
                    .getBytes(StandardCharsets.UTF_8),
            "{\"format\":1,\"leader\":\"\",\"config\":\"\",\"members\":[{\"name\":\"bad/name\",\"peerURL\":\"x\",\"clientURL\":\"y\"}]}"
                    .getBytes(StandardCharsets.UTF_8),
            "{\"format\":1,\"leader\":\"\",\"config\":\"\",\"members\":{}}".getBytes(StandardCharsets.UTF_8),
        }) {
            Files.write(file, bad);
            ConfigException e = assertThrows(ConfigException.class, () -> StandbyInfo.read(dataDir));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("remove it"), e.getMessage());
        }
    }

    @Test
    void aPeersAnswerIsKeptOnlyAsFarAsTheFileCanBeReadBack() throws Exception {
        List<Member> answer = new java.util.ArrayList<>(INFO.members());
        answer.add(new Member(1, "bad/name", "http://127.0.0.1:1", "http://127.0.0.1:2"));
        answer.add(Member.named("c", "gopher://127.0.0.1:7003", "http://127.0.0.1:4003"));
        for (int i = 0; i < StandbyInfo.MAX_MEMBERS + 5; i++) {
            answer.add(Member.named("x" + i, "http://127.0.0.1:7000", "http://127.0.0.1:4000"));
        }
        StandbyInfo kept = StandbyInfo.fromPeer(answer, "c", "x".repeat(5000));
        assertEquals(StandbyInfo.MAX_MEMBERS, kept.members().size());
        assertEquals(INFO.members(), kept.members().subList(0, 2));
        assertEquals("", kept.leaderName(), "a leader dropped as invalid is no leader");
        assertEquals("", kept.clusterConfig());
        kept.write(dataDir);
        assertEquals(kept, StandbyInfo.read(dataDir), "what was kept reads back");
    }
}
