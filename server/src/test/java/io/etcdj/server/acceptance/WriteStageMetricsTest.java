package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.server.acceptance.EtcdCluster.Member;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator asking where a write's time goes: after N writes on a real three-member cluster, the members' /metrics
 * show every write in every stage of {@code etcdj_write_stage_duration_seconds} with time spent in each, the
 * end-to-end histogram, and the followers' append times. Summed over the members, since a loaded machine may move
 * the leadership during the test (only the leader measures writes).
 */
@ExtendWith(LogTailOnFailure.class)
class WriteStageMetricsTest {
    private static final int SECONDS = 30;
    private static final int WRITES = 20;
    private static final List<String> STAGES = List.of("queued", "persisted", "committed", "applied", "answered");

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
    void everyWriteShowsUpInEveryStage() throws Exception {
        cluster = new EtcdCluster(tmp);
        List<Member> all = cluster.startSeedThree();
        Member leader = cluster.awaitLeader(SECONDS, all);
        for (int i = 0; i < WRITES; i++) {
            EtcdCluster.set(leader, "/stages/k" + i, "v" + i, SECONDS);
        }

        // A write is counted "applied" before its client is answered; "answered" just after the response is sent,
        // so the last one may lag the client by a moment: wait (bounded) for the counts.
        EtcdCluster.await(SECONDS, () -> {
            String text = scrapeAll(all);
            for (String stage : STAGES) {
                double count = sum(text, "etcdj_write_stage_duration_seconds_count\\{stage=\"" + stage + "\"}");
                if (count < WRITES) {
                    return stage + " count " + count + " < " + WRITES;
                }
            }
            double total = sum(text, "etcdj_write_duration_seconds_count");
            return total >= WRITES ? null : "end-to-end count " + total + " < " + WRITES;
        });
        String text = scrapeAll(all);
        for (String stage : STAGES) {
            double seconds = sum(text, "etcdj_write_stage_duration_seconds_sum\\{stage=\"" + stage + "\"}");
            assertTrue(seconds > 0, stage + " sum " + seconds);
        }
        assertTrue(sum(text, "etcdj_write_duration_seconds_sum") > 0);
        assertTrue(sum(text, "etcdj_follower_append_duration_seconds_count") >= WRITES, "followers' appends");
        assertEquals(
                sum(text, "etcdj_write_stage_duration_seconds_count\\{stage=\"queued\"}"),
                sum(text, "etcdj_write_stage_duration_seconds_bucket\\{stage=\"queued\",le=\"\\+Inf\"}"),
                "+Inf bucket = count");
    }

    /** Every member's client-port /metrics, concatenated. */
    private static String scrapeAll(List<Member> members) {
        StringBuilder all = new StringBuilder();
        for (Member m : members) {
            try {
                EtcdCluster.Resp r = EtcdCluster.get(URI.create(m.clientUrl() + "/metrics"));
                assertEquals(200, r.status(), r.toString());
                all.append(r.body()).append('\n');
            } catch (IOException e) {
                throw new AssertionError("scraping " + m, e);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }
        return all.toString();
    }

    /** The sum of every sample whose name and labels match {@code series} (a regex), over the scrapes. */
    private static double sum(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }
}
