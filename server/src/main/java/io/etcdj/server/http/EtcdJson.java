package io.etcdj.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.etcdj.store.Event;
import io.etcdj.store.NodeView;
import io.etcdj.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * etcd's JSON, written with a streaming generator into the thread's {@link JsonScratch}: field order and omissions as Go's
 * encoding/json gives them for etcd 0.4.6's structs (every node field is omitempty; a key's value is a pointer, so
 * an empty value is still shown).
 */
public final class EtcdJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private EtcdJson() {}

    public static byte[] event(Event event) {
        JsonScratch out = JsonScratch.acquire();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("action", event.action().wireName());
            g.writeFieldName("node");
            writeNode(g, event.node());
            if (event.prevNode() != null) {
                g.writeFieldName("prevNode");
                writeNode(g, event.prevNode());
            }
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out.release();
        }
    }

    /** etcd's error body: {"errorCode","message","cause"(omitempty),"index"} and a newline. */
    public static byte[] error(StoreException error) {
        JsonScratch out = JsonScratch.acquire();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("errorCode", error.errorCode().code());
            g.writeStringField("message", error.errorCode().message());
            if (error.errorCause() != null && !error.errorCause().isEmpty()) {
                g.writeStringField("cause", error.errorCause());
            }
            g.writeNumberField("index", error.index());
            g.writeEndObject();
            g.flush();
            out.write('\n');
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out.release();
        }
    }

    private static void writeNode(JsonGenerator g, NodeView node) throws IOException {
        g.writeStartObject();
        if (!node.key().isEmpty()) {
            g.writeStringField("key", node.key());
        }
        if (node.value() != null) {
            g.writeStringField("value", node.value());
        }
        if (node.dir()) {
            g.writeBooleanField("dir", true);
        }
        if (node.expiration() != null) {
            g.writeStringField("expiration", rfc3339Nano(node.expiration()));
        }
        if (node.ttlSeconds() != 0) {
            g.writeNumberField("ttl", node.ttlSeconds());
        }
        if (node.nodes() != null && !node.nodes().isEmpty()) {
            g.writeArrayFieldStart("nodes");
            for (NodeView child : node.nodes()) {
                writeNode(g, child);
            }
            g.writeEndArray();
        }
        if (node.modifiedIndex() != 0) {
            g.writeNumberField("modifiedIndex", node.modifiedIndex());
        }
        if (node.createdIndex() != 0) {
            g.writeNumberField("createdIndex", node.createdIndex());
        }
        g.writeEndObject();
    }

    /** Go's time.RFC3339Nano in UTC: fractional seconds with trailing zeros removed, "Z". */
    public static String rfc3339Nano(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(35);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            StringBuilder frac = new StringBuilder(9);
            pad(frac, nanos, 9);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(frac, 0, end);
        }
        return sb.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
