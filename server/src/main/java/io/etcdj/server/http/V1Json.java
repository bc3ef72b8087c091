package io.etcdj.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.etcdj.store.Action;
import io.etcdj.store.Event;
import io.etcdj.store.NodeView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The v1 API's JSON, as etcd 0.4.6 made it from a v2 event (store/event.go {@code Response}, store/response_v1.go):
 * a key is one flat object {@code {"action","key","prevValue","value","newKey","expiration","ttl","index"}} (fields
 * in the struct's order, all but action, key and index omitted when empty); a directory is an array of such objects,
 * one per child (key, value or dir, index). Errors are the same JSON as v2's ({@link EtcdJson#error}).
 */
final class V1Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private V1Json() {}

    /**
     * @param currentIndex the store index to report as {@code index} (0.4.6 gave the store's index for reads and
     *                     watches); 0 = each node's modifiedIndex (what it gave for writes)
     */
    static byte[] response(Event event, long currentIndex) {
        JsonScratch out = JsonScratch.acquire();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (event.node().dir()) {
                writeListing(g, event.action(), event.node().nodes(), currentIndex);
            } else {
                writeKey(g, event, currentIndex);
            }
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out.release();
        }
    }

    /** The action as v1 named it: a compare-and-swap and a create (v1's prevValue= with no value) are testAndSet. */
    static String actionName(Action action) {
        return action == Action.COMPARE_AND_SWAP || action == Action.CREATE ? "testAndSet" : action.wireName();
    }

    private static void writeKey(JsonGenerator g, Event event, long currentIndex) throws IOException {
        NodeView node = event.node();
        String prevValue = event.prevNode() == null ? null : event.prevNode().value();
        g.writeStartObject();
        g.writeStringField("action", actionName(event.action()));
        g.writeStringField("key", node.key());
        if (prevValue != null) {
            g.writeStringField("prevValue", prevValue);
        }
        if (node.value() != null) {
            g.writeStringField("value", node.value());
        }
        if (event.action() == Action.SET && prevValue == null) {
            g.writeBooleanField("newKey", true);
        }
        if (node.expiration() != null) {
            g.writeStringField("expiration", EtcdJson.rfc3339Nano(node.expiration()));
        }
        if (node.ttlSeconds() != 0) {
            g.writeNumberField("ttl", node.ttlSeconds());
        }
        g.writeNumberField("index", currentIndex != 0 ? currentIndex : node.modifiedIndex());
        g.writeEndObject();
    }

    /** 0.4.6 listed a directory's children with the event's own action (not renamed) and no TTL or expiration. */
    private static void writeListing(JsonGenerator g, Action action, List<NodeView> children, long currentIndex)
            throws IOException {
        g.writeStartArray();
        if (children != null) {
            for (NodeView child : children) {
                g.writeStartObject();
                g.writeStringField("action", action.wireName());
                g.writeStringField("key", child.key());
                if (child.dir()) {
                    g.writeBooleanField("dir", true);
                }
                if (child.value() != null) {
                    g.writeStringField("value", child.value());
                }
                g.writeNumberField("index", currentIndex != 0 ? currentIndex : child.modifiedIndex());
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }
}
