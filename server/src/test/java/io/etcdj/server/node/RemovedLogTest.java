package io.etcdj.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.peer.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A removed member's data dir made a standby's: the old log kept aside, standby_info written. */
class RemovedLogTest {
    @TempDir
    Path dataDir;

    private static final StandbyInfo INFO =
            new StandbyInfo(List.of(Member.named("a", "http://127.0.0.1:7001", "http://127.0.0.1:4001")), "a", "");
    private static final Instant NOW = Instant.parse("2026-11-30T05:39:33.618Z");

    @Test
    void theLogAndSnapshotsAreKeptUnderRemovedAndStandbyInfoIsWritten() throws Exception {
        Files.createDirectories(dataDir.resolve("wal"));
        Files.writeString(dataDir.resolve("wal").resolve("0000000000000001.wal"), "log");
        Files.createDirectories(dataDir.resolve("snap"));
        Files.writeString(dataDir.resolve("snap").resolve("0000000000000005.snap"), "snapshot");
        Files.writeString(dataDir.resolve("lock"), "");

        Path aside = RemovedLog.moveAside(dataDir, INFO, NOW);

        assertEquals(dataDir.resolve("removed-20261130T053933Z"), aside);
        assertEquals("log", Files.readString(aside.resolve("wal").resolve("0000000000000001.wal")));
        assertEquals("snapshot", Files.readString(aside.resolve("snap").resolve("0000000000000005.snap")));
        assertFalse(Files.exists(dataDir.resolve("wal")), "the log is still in the data dir");
        assertFalse(Files.exists(dataDir.resolve("snap")), "the snapshots are still in the data dir");
        assertTrue(Files.exists(dataDir.resolve("lock")), "the lock file is the data dir's, not the log's");
        assertEquals(INFO, StandbyInfo.read(dataDir));
    }

    @Test
    void aSecondRemovalInTheSameSecondGetsItsOwnDirectoryAndNoSnapshotsIsFine() throws Exception {
        Files.createDirectories(dataDir.resolve("wal"));
        Path first = RemovedLog.moveAside(dataDir, INFO, NOW);
        Files.createDirectories(dataDir.resolve("wal"));
        Path second = RemovedLog.moveAside(dataDir, INFO, NOW);

        assertEquals(dataDir.resolve("removed-20261130T053933Z-1"), second);
        assertTrue(Files.isDirectory(first.resolve("wal")));
        assertTrue(Files.isDirectory(second.resolve("wal")));
        assertFalse(Files.exists(second.resolve("snap")));
    }
}
