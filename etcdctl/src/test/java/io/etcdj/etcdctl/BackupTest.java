package io.etcdj.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcdctl backup against real member processes: a backup taken while the member runs starts, under a new name on
 * new ports, a one-member cluster with the same keyspace (values, dirs, modifiedIndexes, TTLs); a damaged source is
 * refused with the file named.
 */
class BackupTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void backupOfARunningMemberServesTheSameKeysAsANewOneMemberCluster() throws Exception {
        Path backupDir = tmp.resolve("backup");
        Map<String, String> before;
        long expectedKeys;
        try (ServerProcess source = new ServerProcess("machine0", null, null, List.of("-snapshot-count", "20"))) {
            Ctl ctl = new Ctl(source.url());
            assertEquals(0, ctl.run("set", "/message", "Hello world").code());
            assertEquals(0, ctl.run("mkdir", "/dir/empty").code());
            assertEquals(0, ctl.run("set", "/dir/sub/key", "nested").code());
            assertEquals(0, ctl.run("set", "/gone", "soon deleted").code());
            assertEquals(0, ctl.run("rm", "/gone").code());
            assertEquals(
                    0, ctl.run("set", "--ttl", "3600", "/ttl", "lives an hour").code());
            for (int i = 0; i < 45; i++) { // past two snapshots (every 20 entries), then a WAL tail
                assertEquals(0, ctl.run("set", "/bulk/k" + i, "v" + i).code());
            }
            assertEquals(0, ctl.run("set", "/message", "Hello again").code()); // in the WAL tail only
            Path sourceData = source.dataDir.resolve("data");
            awaitSnapshotFile(sourceData.resolve("snap"));
            assertEquals(0, ctl.run("set", "/tail", "after the snapshot").code()); // a WAL tail to replay
            before = listing(source.url());
            expectedKeys = before.keySet().stream()
                    .filter(k -> before.get(k).startsWith("value="))
                    .count();

            Ctl.Result r = new Ctl(null)
                    .run("backup", "--data-dir", sourceData.toString(), "--backup-dir", backupDir.toString());
            assertEquals(0, r.code(), r.err());
            Matcher m = Pattern.compile("backed up (\\d+) keys at index (\\d+) from (.+) to (.+)\\n")
                    .matcher(r.out());
            assertTrue(m.find(), r.out());
            assertEquals(expectedKeys, Long.parseLong(m.group(1)));
            assertEquals(backupDir.toString(), m.group(4));
            assertTrue(
                    Long.parseLong(m.group(2)) > newestSnapshotIndex(sourceData.resolve("snap")),
                    "the backup replayed WAL entries after the newest snapshot");
            source.stop();
        }
        assertTrue(before.containsKey("/message") && before.get("/message").contains("Hello again"), before::toString);
        assertFalse(before.containsKey("/gone"));

        try (ServerProcess restored = new ServerProcess("restored", null, backupDir, List.of())) {
            Map<String, String> after = listing(restored.url());
            assertEquals(before.keySet(), after.keySet());
            for (String key : before.keySet()) {
                if (key.equals("/ttl")) {
                    continue; // its remaining TTL has moved on
                }
                assertEquals(before.get(key), after.get(key), key);
            }
            JsonNode ttl = JSON.readTree(curl(restored.url() + "/v2/keys/ttl")).get("node");
            assertEquals("lives an hour", ttl.get("value").asText());
            assertTrue(ttl.get("ttl").asLong() > 3000 && ttl.get("ttl").asLong() <= 3600, ttl.toString());
            assertFalse(after.containsKey("/gone"));
            // Only the new member: nothing points at the old one's ports.
            assertEquals(restored.url(), curl(restored.url() + "/v2/machines").trim());
            assertEquals(
                    0, new Ctl(restored.url()).run("set", "/after", "restore").code());

            Ctl.Result again = new Ctl(null)
                    .run("backup", "--data-dir", backupDir.toString(), "--backup-dir", backupDir.toString());
            assertEquals(1, again.code(), again.out());
            assertTrue(again.err().contains("--backup-dir " + backupDir + " is not empty"), again.err());
        }
    }

    @Test
    void aDamagedSegmentIsRefusedNamingTheFile() throws Exception {
        Path sourceData = tmp.resolve("source");
        try (ServerProcess source = new ServerProcess("machine0", null, sourceData, List.of())) {
            assertEquals(
                    0,
                    new Ctl(source.url()).run("set", "/message", "Hello world").code());
        }
        Path segment;
        try (Stream<Path> files = Files.list(sourceData.resolve("wal"))) {
            segment = files.filter(p -> p.toString().endsWith(".wal"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, 40); // inside the segment's first record (after its 32-byte header), fsynced at creation
            b.put(0, (byte) (b.get(0) ^ 0x5a)).rewind();
            ch.write(b, 40);
        }
        Path backupDir = tmp.resolve("backup");
        Ctl.Result r =
                new Ctl(null).run("backup", "--data-dir", sourceData.toString(), "--backup-dir", backupDir.toString());
        assertEquals(4, r.code(), r.out());
        assertTrue(r.err().startsWith("Error:  " + segment + ": offset 32: "), r.err());
        assertFalse(Files.exists(backupDir));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(sourceData), left.toList(), "no temp dir left next to --backup-dir");
        }
    }

    /** key -> "value=..;modifiedIndex=..;createdIndex=.." or "dir;..." for every node, recursively. */
    private static Map<String, String> listing(String url) throws IOException, InterruptedException {
        Map<String, String> out = new TreeMap<>();
        collect(
                JSON.readTree(curl(url + "/v2/keys/?recursive=true&sorted=true"))
                        .get("node"),
                out);
        return out;
    }

    private static void collect(JsonNode node, Map<String, String> out) {
        if (node.has("key")) {
            String what = node.path("dir").asBoolean()
                    ? "dir"
                    : "value=" + node.get("value").asText();
            out.put(
                    node.get("key").asText(),
                    what + ";modifiedIndex=" + node.path("modifiedIndex").asLong() + ";createdIndex="
                            + node.path("createdIndex").asLong() + ";ttl=" + node.has("ttl"));
        }
        for (JsonNode child : node.path("nodes")) {
            collect(child, out);
        }
    }

    /** The user's command: real curl. */
    private static String curl(String url) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "10", url)
                .redirectErrorStream(true)
                .start();
        byte[] body = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(15, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(body, StandardCharsets.UTF_8));
        return new String(body, StandardCharsets.UTF_8);
    }

    private static long newestSnapshotIndex(Path snapDir) throws IOException {
        try (Stream<Path> files = Files.list(snapDir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".snap"))
                    .mapToLong(n -> Long.parseLong(n.substring(0, 16), 16))
                    .max()
                    .orElseThrow();
        }
    }

    /** Snapshot files are written by the member's snapshot thread after the apply: wait (bounded) for one. */
    private static void awaitSnapshotFile(Path snapDir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(snapDir)) {
                try (Stream<Path> files = Files.list(snapDir)) {
                    if (files.anyMatch(p -> p.toString().endsWith(".snap"))) {
                        return;
                    }
                }
            }
            Thread.sleep(50); // polling interval of a bounded wait for a file the member writes
        }
        throw new AssertionError("no snapshot file in " + snapDir + " after 30 s");
    }
}
