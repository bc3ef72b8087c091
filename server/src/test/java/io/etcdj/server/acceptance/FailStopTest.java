package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that can no longer make writes durable stops, loudly and with a non-zero status, instead of answering on
 * (and /health true) as a zombie; no write it could not fsync was acknowledged.
 */
@ExtendWith(LogTailOnFailure.class)
class FailStopTest {
    @TempDir
    Path tmp;

    @Test
    void aFailedFsyncStopsTheMemberWithStatus70AndNoWriteAfterItWasAcknowledged() throws Exception {
        Path dataDir = tmp.resolve("machine0");
        int client = EtcdProcess.freePort();
        int peer = EtcdProcess.freePort();
        List<String> acknowledged = new ArrayList<>();
        try (EtcdProcess etcd = EtcdProcess.launch(
                List.of("-Detcdj.fault.fsync=fail-after:30"),
                EtcdProcess.nodeArgs(dataDir, client, peer),
                dataDir,
                client,
                peer,
                tmp.resolve("faulty.log"))) {
            etcd.awaitReady(30);
            for (int i = 0; i < 100 && etcd.isAlive(); i++) {
                EtcdCluster.Resp r;
                try {
                    r = EtcdCluster.send("PUT", etcd.url("/v2/keys/k" + i), EtcdCluster.form("v" + i));
                } catch (IOException gone) {
                    break; // the member stopped while answering
                }
                if (r.status() == 201) {
                    acknowledged.add("/k" + i);
                } else {
                    assertEquals(500, r.status(), "a write that was not made durable is refused: " + r);
                    break;
                }
            }
            int code = etcd.awaitExit(30);
            assertEquals(70, code, "fail-stop status\n" + etcd.tail());
            String log = etcd.tail();
            assertTrue(log.contains("injected fsync failure") && log.contains("fatal"), log);
        }
        assertTrue(
                acknowledged.size() > 0 && acknowledged.size() < 100,
                "some writes before the fault: " + acknowledged.size());
        // A healthy disk again: every acknowledged write is there.
        try (EtcdProcess again = EtcdProcess.start(dataDir, client, peer, tmp.resolve("again.log"))) {
            for (String key : acknowledged) {
                JsonNode node =
                        EtcdCluster.get(again.url("/v2/keys" + key)).json().path("node");
                assertEquals("v" + key.substring(2), node.path("value").asText(), key);
            }
        }
    }
}
