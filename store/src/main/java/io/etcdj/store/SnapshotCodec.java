package io.etcdj.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The keyspace as JSON, streamed with jackson-core so a large tree is never mirrored in an object model:
 * <pre>{"formatVersion":1,"index":N,"root":{"createdIndex":0,"modifiedIndex":0,"dir":true,"children":[
 *   {"name":"a","createdIndex":1,"modifiedIndex":2,"expiration":"2024-01-01T00:00:00.5Z","value":"x"}, ...]}}</pre>
 * Children are written in the tree's insertion order and read back in it; "children" comes last in a node so the
 * reader can create the directory before its children.
 */
final class SnapshotCodec {
    private static final int FORMAT_VERSION = 1;

    // Key depth and value size are the user's business; the parser's default caps (depth 1000, 20 MB strings)
    // would make a legal store unrecoverable.
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE)
                    .build())
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET) // the caller's stream: the caller closes it
            .build();

    /** A decoded snapshot: the new root and the store index. */
    record Decoded(Node root, long index) {}

    private SnapshotCodec() {}

    static void encode(Node root, long index, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("formatVersion", FORMAT_VERSION);
            g.writeNumberField("index", index);
            g.writeFieldName("root");
            writeNode(g, root, false);
            g.writeEndObject();
        }
    }

    private static void writeNode(JsonGenerator g, Node n, boolean named) throws IOException {
        g.writeStartObject();
        if (named) {
            g.writeStringField("name", n.name);
        }
        g.writeNumberField("createdIndex", n.createdIndex);
        g.writeNumberField("modifiedIndex", n.modifiedIndex);
        if (n.expireTime != null) {
            g.writeStringField("expiration", n.expireTime.toString());
        }
        if (n.isDir()) {
            g.writeBooleanField("dir", true);
            g.writeArrayFieldStart("children");
            for (Node child : n.children.values()) {
                writeNode(g, child, true);
            }
            g.writeEndArray();
        } else {
            g.writeStringField("value", n.value);
        }
        g.writeEndObject();
    }

    static Decoded decode(byte[] bytes) throws IOException {
        try (JsonParser p = JSON.createParser(bytes)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            long index = -1;
            Node root = null;
            int version = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "formatVersion" -> version = p.getIntValue();
                    case "index" -> index = p.getLongValue();
                    case "root" -> root = readNode(p, null, "/");
                    default -> p.skipChildren();
                }
            }
            if (version != FORMAT_VERSION) {
                throw new IOException("unsupported snapshot format version " + version);
            }
            if (root == null || index < 0 || !root.isDir()) {
                throw new IOException("snapshot lacks the index or the root directory");
            }
            return new Decoded(root, index);
        } catch (DateTimeParseException e) {
            throw new IOException("bad expiration in snapshot", e);
        }
    }

    /** Reads one node object (the parser is on its START_OBJECT); {@code path} is null until "name" is seen. */
    private static Node readNode(JsonParser p, Node parent, String rootPath) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        String path = rootPath;
        long created = -1;
        long modified = -1;
        Instant expiration = null;
        String value = null;
        Node node = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> path = KeyPaths.child(parent.path, p.getText());
                case "createdIndex" -> created = p.getLongValue();
                case "modifiedIndex" -> modified = p.getLongValue();
                case "expiration" -> expiration = Instant.parse(p.getText());
                case "value" -> value = p.getText();
                case "dir" -> p.getBooleanValue();
                case "children" -> {
                    node = Node.newDir(checkPath(path), parent, checkIndex(created), expiration);
                    expect(p.currentToken(), JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Node child = readNode(p, node, null);
                        if (node.children.put(child.name, child) != null) {
                            throw new IOException("duplicate child " + child.path);
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (node == null) {
            if (value == null) {
                throw new IOException("node " + path + " has neither a value nor children");
            }
            node = Node.newKey(checkPath(path), parent, checkIndex(created), value, expiration);
        }
        node.modifiedIndex = checkIndex(modified);
        return node;
    }

    private static String checkPath(String path) throws IOException {
        if (path == null) {
            throw new IOException("node without a name, or name after children");
        }
        return path;
    }

    private static long checkIndex(long index) throws IOException {
        if (index < 0) {
            throw new IOException("node index missing, or given after children");
        }
        return index;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("snapshot: expected " + expected + " but found " + actual);
        }
    }
}
