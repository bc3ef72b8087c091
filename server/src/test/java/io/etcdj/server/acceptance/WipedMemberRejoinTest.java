package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.server.acceptance.EtcdCluster.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine whose data dir is lost (a replaced disk, an operator's {@code rm -rf}) is started again with the seed's
 * command, same name, {@code -peers}: it is still a member under the Raft id its name gives, so the leader counts
 * entries it acknowledged before. It must catch up from the leader (not fail on a commit index beyond its empty log)
 * and vote only once it has: from then on the cluster survives losing the leader with every write.
 */
@ExtendWith(LogTailOnFailure.class)
class WipedMemberRejoinTest {
    private static final int SECONDS = 30;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private EtcdCluster cluster;

    @AfterEach
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aMemberBackOnAnEmptyDataDirCatchesUpThenVotes() throws Exception {
        cluster = new EtcdCluster(tmp);
        List<Member> three = cluster.startSeedThree();
        Member leader = cluster.awaitLeader(SECONDS, three);
        Member wiped = three.stream().filter(m -> m != leader).findFirst().orElseThrow();
        for (int i = 0; i < 20; i++) {
            EtcdCluster.set(leader, "/wiped/before" + i, "v" + i, SECONDS);
        }
        EtcdCluster.awaitLocalValue(wiped, "/wiped/before19", "v19", SECONDS);

        wiped.process.kill();
        deleteTree(wiped.dataDir);
        EtcdCluster.set(leader, "/wiped/while-down", "x", SECONDS);
        wiped.start(leader.peerAddr());

        String log = wiped.log();
        assertTrue(log.contains("starts on an empty data dir"), "no hold announced:\n" + log);
        EtcdCluster.awaitLocalValue(wiped, "/wiped/before0", "v0", SECONDS);
        EtcdCluster.awaitLocalValue(wiped, "/wiped/while-down", "x", SECONDS);
        Path holdFile = wiped.dataDir.resolve("votes_held");
        EtcdCluster.await(SECONDS, () -> Files.exists(holdFile) ? holdFile + " still there" : null);
        EtcdCluster.await(SECONDS, () -> {
            try {
                return wiped.log().contains("votes again") ? null : "no end of the hold in the log";
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        assertTrue(wiped.alive(), "the rejoined member stopped");

        // It votes again: without the old leader, it and the third member elect one of them, with every write.
        leader.process.kill();
        List<Member> rest = three.stream().filter(m -> m != leader).toList();
        Member next = cluster.awaitLeader(SECONDS, rest);
        EtcdCluster.set(next, "/wiped/after", "y", SECONDS);
        for (Member m : rest) {
            EtcdCluster.awaitLocalValue(m, "/wiped/after", "y", SECONDS);
            for (int i = 0; i < 20; i++) {
                assertEquals("v" + i, EtcdCluster.localValue(m, "/wiped/before" + i), m + " lost a write");
            }
            assertEquals("x", EtcdCluster.localValue(m, "/wiped/while-down"), m.toString());
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
