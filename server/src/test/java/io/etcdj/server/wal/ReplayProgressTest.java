package io.etcdj.server.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The operator sees how long the WAL replay at start-up took, and how much it read. */
class ReplayProgressTest {
    @TempDir
    Path dir;

    @Test
    void reopeningTheWalLogsRecordsBytesTimeAndRate() throws Exception {
        try (Wal wal = Wal.open(dir, 0, 0)) {
            List<LogEntry> entries = new ArrayList<>();
            for (int i = 1; i <= 300; i++) {
                entries.add(new LogEntry(1, i, 0, new byte[100]));
            }
            wal.append(entries, new HardState(1, 0, 300));
        }
        Logger logger = (Logger) LoggerFactory.getLogger(ReplayProgress.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (Wal wal = Wal.open(dir, 0, 0)) {
            assertEquals(300, wal.recoveredEntries().size());
        } finally {
            logger.detachAppender(lines);
        }
        List<String> messages =
                lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        String summary = messages.stream()
                .filter(m -> m.startsWith("replayed the WAL: "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no summary line in " + messages));
        // 300 entries, a hard state and the segment's snapshot marker: at least 301 records of 30 kB and more.
        assertTrue(
                summary.matches(
                        "replayed the WAL: 30[1-9] records, \\d+\\.\\d MB in \\d+\\.\\d s \\(\\d+ records/s\\)"),
                summary);
    }
}
