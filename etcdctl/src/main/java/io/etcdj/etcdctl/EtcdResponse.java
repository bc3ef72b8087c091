package io.etcdj.etcdctl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful /v2/keys answer plus the index headers, i.e. go-etcd's Response that etcdctl 0.4.6 printed.
 *
 * @param node     the "node" object (never null for a key answer)
 * @param prevNode the "prevNode" object, or null
 */
record EtcdResponse(String action, JsonNode node, JsonNode prevNode, long etcdIndex, long raftIndex, long raftTerm) {

    String key() {
        return node.path("key").asText("");
    }

    boolean isDir() {
        return node.path("dir").asBoolean(false);
    }

    /** The value, or "" for directories and deletions (go's zero value, which etcdctl printed). */
    String value() {
        return node.path("value").asText("");
    }
}
