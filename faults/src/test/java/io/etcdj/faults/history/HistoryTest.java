package io.etcdj.faults.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    @TempDir
    Path dir;

    @Test
    void clientsOnManyThreadsGetUniqueIdsAndEveryOperationIsKept() throws Exception {
        History history = new History();
        int threads = 4;
        int opsPerThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> clients = new ArrayList<>();
            for (int client = 0; client < threads; client++) {
                int id = client;
                clients.add(() -> {
                    for (int i = 0; i < opsPerThread; i++) {
                        long opId = history.begin();
                        history.record(op(opId, id, "/k" + (i % 3), OpKind.WRITE, "v" + opId, Outcome.OK, i, i + 1));
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(clients, 60, TimeUnit.SECONDS)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<RegisterOp> ops = history.ops();
        assertEquals(threads * opsPerThread, ops.size());
        Set<Long> ids = new HashSet<>();
        ops.forEach(op -> ids.add(op.id()));
        assertEquals(threads * opsPerThread, ids.size(), "ids are unique");
        Map<String, List<RegisterOp>> byKey = history.opsByKey();
        assertEquals(List.of("/k0", "/k1", "/k2"), List.copyOf(byKey.keySet()));
        assertEquals(ops.size(), byKey.values().stream().mapToInt(List::size).sum());
    }

    @Test
    void anOperationWithAnIdNotHandedOutIsRefused() {
        History history = new History();
        long id = history.begin();
        assertThrows(
                IllegalArgumentException.class,
                () -> history.record(op(id + 1, 0, "/k", OpKind.READ, null, Outcome.OK, 0, 1)));
        history.record(op(id, 0, "/k", OpKind.READ, null, Outcome.OK, 0, 1));
        assertEquals(1, history.size());
    }

    @Test
    void aFullHistoryRefusesMoreRatherThanDropping() {
        History history = new History(2);
        for (int i = 0; i < 2; i++) {
            history.record(op(history.begin(), 0, "/k", OpKind.WRITE, "v" + i, Outcome.OK, i, i));
        }
        long third = history.begin();
        IllegalStateException full = assertThrows(
                IllegalStateException.class,
                () -> history.record(op(third, 0, "/k", OpKind.WRITE, "v", Outcome.OK, 5, 6)));
        assertTrue(full.getMessage().contains("history full"), full.getMessage());
        assertEquals(2, history.size());
    }

    @Test
    void byKeyKeepsTheOrderOfEachKeysOperations() {
        List<RegisterOp> ops = List.of(
                op(0, 0, "/b", OpKind.WRITE, "1", Outcome.OK, 0, 1),
                op(1, 0, "/a", OpKind.WRITE, "2", Outcome.OK, 2, 3),
                op(2, 1, "/b", OpKind.READ, "1", Outcome.OK, 4, 5));
        Map<String, List<RegisterOp>> groups = History.byKey(ops);
        assertEquals(List.of("/a", "/b"), List.copyOf(groups.keySet()));
        assertEquals(List.of(ops.get(0), ops.get(2)), groups.get("/b"));
    }

    @Test
    void jsonLinesHoldOneOperationALineWithNamesAndRelativeTimes() throws IOException {
        List<RegisterOp> ops = List.of(
                op(7, 2, "/r", OpKind.WRITE, "a", Outcome.OK, 1_000_500, 1_000_900),
                new RegisterOp(8, 3, "/r", OpKind.CAS, "b", "a", Outcome.OK, true, 1_000_000, 1_002_000),
                op(9, 1, "/r", OpKind.READ, null, Outcome.INFO, 1_003_000, 1_004_000));
        Path file = dir.resolve("window.jsonl");
        History.writeJsonLines(file, ops);

        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        JsonNode cas = new ObjectMapper().readTree(lines.get(1));
        assertEquals(1, cas.get("v").intValue());
        assertEquals("CAS", cas.get("kind").textValue());
        assertEquals("OK", cas.get("outcome").textValue());
        assertEquals("a", cas.get("expected").textValue());
        assertTrue(cas.get("casSucceeded").booleanValue());
        assertEquals(0, cas.get("invokeNs").longValue(), "times count from the earliest invocation");
        assertEquals(2_000, cas.get("completeNs").longValue());
        assertTrue(new ObjectMapper().readTree(lines.get(2)).get("value").isNull());

        List<RegisterOp> back = History.readJsonLines(file);
        assertEquals(3, back.size());
        RegisterOp write = back.get(0);
        assertEquals(op(7, 2, "/r", OpKind.WRITE, "a", Outcome.OK, 500, 900), write);
        assertEquals(ops.get(1).expected(), back.get(1).expected());
        assertEquals(Outcome.INFO, back.get(2).outcome());
    }

    @Test
    void aBadLineIsRefusedWithItsNumber() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        History.writeJsonLines(file, List.of(op(1, 0, "/r", OpKind.WRITE, "a", Outcome.OK, 0, 1)));
        Files.writeString(file, Files.readString(file) + "{\"v\":1,\"id\":2,\"kind\":\"DELETE\"}\n");
        IOException bad = assertThrows(IOException.class, () -> History.readJsonLines(file));
        assertTrue(bad.getMessage().contains("line 2"), bad.getMessage());

        Files.writeString(file, "{\"v\":2}\n");
        IOException version = assertThrows(IOException.class, () -> History.readJsonLines(file));
        assertTrue(version.getMessage().contains("format version 2"), version.getMessage());

        Files.writeString(file, "not json\n");
        assertThrows(IOException.class, () -> History.readJsonLines(file));
    }

    private static RegisterOp op(
            long id, int client, String key, OpKind kind, String value, Outcome outcome, long invoke, long complete) {
        return new RegisterOp(id, client, key, kind, value, null, outcome, false, invoke, complete);
    }
}
