package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A snapshot transfer tells the operator its size when it starts and its time and rate when it ends. */
class TransferProgressTest {
    @Test
    void startAndEndLinesCarrySizeTimeAndRate() {
        Logger logger = (Logger) LoggerFactory.getLogger(TransferProgress.class);
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO); // this module's tests log at WARN
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            TransferProgress p = new TransferProgress("sending snapshot at index 9 to 2", 3_000_000);
            p.add(1_000_000);
            p.add(2_000_000);
            p.done();
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(before);
        }
        List<String> messages =
                lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals("sending snapshot at index 9 to 2: 3.0 MB to transfer", messages.get(0));
        String last = messages.get(messages.size() - 1);
        assertTrue(
                last.matches(
                        "sending snapshot at index 9 to 2: done, 3\\.0 MB in \\d+\\.\\d s" + " \\(\\d+\\.\\d MB/s\\)"),
                last);
    }
}
