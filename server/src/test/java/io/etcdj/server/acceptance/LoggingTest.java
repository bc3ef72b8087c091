package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 part 4, as an operator meets it on a real member process: -log-format json for log collectors (every
 * line, gRPC's java.util.logging lines included), -log-level, and -request-log without values.
 */
@ExtendWith(LogTailOnFailure.class)
class LoggingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /**
     * Every stdout/stderr line is one JSON object with the documented fields, and gRPC's JUL lines come through the
     * same encoder. -vv opens the libraries' debug lines: gRPC's server builder reliably logs (at FINE, with a stack
     * trace) that census is not on the class path, which also exercises the "error" field.
     */
    @Test
    void jsonFormatEveryLineParsesAndCarriesBridgedGrpcLines() throws Exception {
        Path log = tmp.resolve("etcd.log");
        try (EtcdProcess etcd = EtcdProcess.start(
                tmp.resolve("data"),
                EtcdProcess.freePort(),
                EtcdProcess.freePort(),
                log,
                "-log-format",
                "json",
                "-vv")) {
            awaitLine(etcd, log, "listening for client requests");
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertFalse(lines.isEmpty());
        boolean grpc = false;
        boolean etcdjInfo = false;
        for (String line : lines) {
            JsonNode event;
            try {
                event = JSON.readTree(line);
            } catch (Exception e) {
                fail("not a JSON line: " + line);
                return;
            }
            assertTrue(event.isObject(), line);
            for (String field : List.of("ts", "level", "logger", "thread", "msg")) {
                assertTrue(event.hasNonNull(field), () -> "no " + field + " in " + line);
            }
            assertTrue(
                    event.get("ts")
                            .asText()
                            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)"),
                    line);
            String logger = event.get("logger").asText();
            if (logger.startsWith("io.grpc.")) {
                grpc = true;
                if (event.has("error")) {
                    assertTrue(event.get("error").asText().contains("\n\tat "), line);
                }
            }
            if (logger.startsWith("io.etcdj.") && event.get("level").asText().equals("INFO")) {
                etcdjInfo = true;
            }
        }
        assertTrue(grpc, "no line from a gRPC (java.util.logging) logger");
        assertTrue(etcdjInfo, "no INFO line from etcdj");
    }

    /** -log-level warn: the member serves, and its INFO start-up lines are not printed. */
    @Test
    void warnLevelHidesInfoStartupLines() throws Exception {
        Path log = tmp.resolve("etcd.log");
        try (EtcdProcess etcd = EtcdProcess.start(
                tmp.resolve("data"), EtcdProcess.freePort(), EtcdProcess.freePort(), log, "-log-level", "warn")) {
            // The member answered /version (start() waits for it), so its start-up lines were all written.
            String text = Files.readString(log);
            assertFalse(text.contains("listening for client requests"), text);
            assertFalse(text.contains(" INFO "), text);
        }
    }

    /** A bad -log-level stops start-up with exit 2, naming the flag and the values it takes. */
    @Test
    void badLogLevelExits2NamingTheFlagAndValues() throws Exception {
        EtcdProcess.Exit exit = EtcdProcess.runToExit(
                EtcdProcess.nodeArgs(
                        tmp.resolve("data"), EtcdProcess.freePort(), EtcdProcess.freePort(), "-log-level", "loud"),
                tmp);
        assertEquals(2, exit.code(), exit.both());
        assertTrue(exit.stderr().contains("-log-level"), exit.both());
        assertTrue(exit.stderr().contains("error, warn, info, debug, trace"), exit.both());
        assertFalse(Files.exists(tmp.resolve("data")), "a refused start must not create the data dir");
    }

    /**
     * -request-log at INFO: a user's curl writes a key with a distinctive value (in the body and in the query) and
     * reads it back; the request lines appear with method, path and status, and the value appears nowhere in the
     * member's output.
     */
    @Test
    void requestLogShowsRequestsButNeverValues() throws Exception {
        Path log = tmp.resolve("etcd.log");
        int clientPort = EtcdProcess.freePort();
        String bodyValue = "zq-secret-body-7f3a91";
        String queryValue = "zq-secret-query-52c0e8";
        try (EtcdProcess etcd =
                EtcdProcess.start(tmp.resolve("data"), clientPort, EtcdProcess.freePort(), log, "-request-log")) {
            String base = "http://127.0.0.1:" + clientPort + "/v2/keys/logged/key";
            curl("-XPUT", base, "-d", "value=" + bodyValue);
            curl("-XPUT", base + "?value=" + queryValue + "&ttl=600");
            String read = curl(base);
            assertTrue(read.contains(queryValue), read); // the member did store it
            awaitLine(etcd, log, "GET /v2/keys/logged/key 200");
            String text = Files.readString(log);
            assertTrue(text.contains("PUT /v2/keys/logged/key 201"), text);
            assertTrue(text.contains("PUT /v2/keys/logged/key?value&ttl 200"), text);
            assertFalse(text.contains(bodyValue), text);
            assertFalse(text.contains(queryValue), text);
        }
    }

    /** Bounded: until the member's output holds {@code needle}. */
    private static void awaitLine(EtcdProcess etcd, Path log, String needle) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(needle)) {
                return;
            }
            Thread.sleep(50);
        }
        fail("no '" + needle + "' in the member's output within 30 s\n" + etcd.tail());
    }

    /** The user's command: {@code curl -s URL ...}, its output. */
    private static String curl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-s", "--max-time", "10"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail("curl " + List.of(args) + " failed: " + out);
        }
        return out;
    }
}
