package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member restarts on a data dir written by the first builds (WAL format 1, commands encoded with the enum's
 * ordinal as their op): the snapshot loads and the commands only in the log replay to the same keys.
 */
class FirstFormatReplayTest {
    @TempDir
    Path dir;

    private InProcessCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSingleNodeDataDirOfTheFirstFormatReplaysToTheSameStore() throws Exception {
        FirstFormatFixtures.copy("single-node", dir.resolve("machine0"));
        cluster = new InProcessCluster(dir, Clock.systemUTC());
        TestMember m = cluster.alone("machine0", 10_000, TestMember.Timing.FAST);
        for (int n = 1; n <= 30; n++) {
            assertEquals("v" + n, m.valueOf("/fixture/k" + n), "k" + n + (n > 28 ? " (replayed from the log)" : ""));
        }
        InProcessCluster.await(m.node::isLeader, "machine0 leads again");
        assertNull(m.set("/after", "upgrade").error());
    }
}
