package io.etcdj.etcdctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/** etcdctl 0.4.6's printKey in its three output formats (simple, extended, json). */
final class Printer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String format;
    private final PrintStream out;

    Printer(String format, PrintStream out) {
        this.format = format;
        this.out = out;
    }

    boolean simple() {
        return format.equals("simple");
    }

    void print(EtcdResponse r) {
        switch (format) {
            case "extended" -> {
                out.println("Key: " + r.key());
                out.println("Created-Index: " + r.node().path("createdIndex").asLong());
                out.println("Modified-Index: " + r.node().path("modifiedIndex").asLong());
                if (r.prevNode() != null) {
                    out.println("PrevNode.Value: " + r.prevNode().path("value").asText(""));
                }
                out.println("TTL: " + r.node().path("ttl").asLong());
                out.println("Etcd-Index: " + r.etcdIndex());
                out.println("Raft-Index: " + r.raftIndex());
                out.println("Raft-Term: " + r.raftTerm());
                out.println();
                out.println(r.value());
            }
            case "json" -> out.println(json(r));
            default -> out.println(r.value());
        }
    }

    /** go-etcd's Response marshalled by encoding/json: field order and omitempty as in its struct tags. */
    static String json(EtcdResponse r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("action", r.action());
        o.set("node", node(r.node()));
        if (r.prevNode() != null) {
            o.set("prevNode", node(r.prevNode()));
        }
        o.put("etcdIndex", r.etcdIndex());
        o.put("raftIndex", r.raftIndex());
        o.put("raftTerm", r.raftTerm());
        return o.toString();
    }

    private static ObjectNode node(JsonNode n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("key", n.path("key").asText(""));
        if (!n.path("value").asText("").isEmpty()) {
            o.put("value", n.get("value").asText());
        }
        if (n.path("dir").asBoolean(false)) {
            o.put("dir", true);
        }
        if (n.hasNonNull("expiration")) {
            o.set("expiration", n.get("expiration"));
        }
        if (n.path("ttl").asLong() != 0) {
            o.put("ttl", n.get("ttl").asLong());
        }
        if (n.path("nodes").size() > 0) {
            var nodes = o.putArray("nodes");
            for (JsonNode child : n.get("nodes")) {
                nodes.add(node(child));
            }
        }
        if (n.path("modifiedIndex").asLong() != 0) {
            o.put("modifiedIndex", n.get("modifiedIndex").asLong());
        }
        if (n.path("createdIndex").asLong() != 0) {
            o.put("createdIndex", n.get("createdIndex").asLong());
        }
        return o;
    }
}
