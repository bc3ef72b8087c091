package io.etcdj.faults.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON-lines form of register operations: one object a line,
 * {@code {"v":1,"id":7,"client":2,"key":"/r/0","kind":"CAS","value":"b","expected":"a","outcome":"OK",
 * "casSucceeded":true,"invokeNs":1200,"completeNs":1530}}. {@code v} is the format version; kinds and outcomes are
 * written by name; {@code value} and {@code expected} are null when absent; times are relative to the earliest
 * invocation in the file (for INFO operations {@code completeNs} is when the client gave up, which checkers ignore).
 */
final class RegisterOpJson {
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RegisterOpJson() {}

    static void write(Path file, List<RegisterOp> ops) throws IOException {
        long origin = ops.stream().mapToLong(RegisterOp::invokeNanos).min().orElse(0);
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            OutputStream stream = Channels.newOutputStream(channel);
            Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            for (RegisterOp op : ops) {
                writer.write(MAPPER.writeValueAsString(toJson(op, origin)));
                writer.write('\n');
            }
            writer.flush();
            channel.force(true);
        }
    }

    private static ObjectNode toJson(RegisterOp op, long origin) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("v", FORMAT_VERSION);
        node.put("id", op.id());
        node.put("client", op.client());
        node.put("key", op.key());
        node.put("kind", op.kind().name());
        node.put("value", op.value());
        node.put("expected", op.expected());
        node.put("outcome", op.outcome().name());
        node.put("casSucceeded", op.casSucceeded());
        node.put("invokeNs", op.invokeNanos() - origin);
        node.put("completeNs", op.completeNanos() - origin);
        return node;
    }

    static List<RegisterOp> read(Path file) throws IOException {
        List<RegisterOp> ops = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    ops.add(fromJson(MAPPER.readTree(line)));
                } catch (JsonProcessingException | IllegalArgumentException | ArithmeticException e) {
                    throw new IOException(file + " line " + lineNumber + ": not a register operation of format v"
                            + FORMAT_VERSION + ": " + e.getMessage());
                }
            }
        }
        return ops;
    }

    private static RegisterOp fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        long version = integer(node, "v");
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("format version " + version + " is not supported");
        }
        return new RegisterOp(
                integer(node, "id"),
                Math.toIntExact(integer(node, "client")),
                nullableText(node, "key", false),
                OpKind.valueOf(nullableText(node, "kind", false)),
                nullableText(node, "value", true),
                nullableText(node, "expected", true),
                Outcome.valueOf(nullableText(node, "outcome", false)),
                bool(node, "casSucceeded"),
                integer(node, "invokeNs"),
                integer(node, "completeNs"));
    }

    private static long integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("field " + field + " must be an integer");
        }
        return value.longValue();
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw new IllegalArgumentException("field " + field + " must be true or false");
        }
        return value.booleanValue();
    }

    private static String nullableText(JsonNode node, String field, boolean nullable) {
        JsonNode value = node.get(field);
        if (nullable && (value == null || value.isNull())) {
            return null;
        }
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field " + field + " must be a string" + (nullable ? " or null" : ""));
        }
        return value.textValue();
    }
}
