package io.etcdj.etcdctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd 2's member API ({@code /v2/members}), which etcdj serves beside etcd 0.4's API: hex member ids, adds that
 * reserve a peer URL for a member to come, removes by id. A real etcd 0.4 answers 404 here; the caller then falls
 * back to {@link ClusterMembers}.
 */
final class MembersApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PATH = "/v2/members";

    /** A member, or a reserved peer URL (empty name, no client URLs) of one that has not started yet. */
    record Member(String id, String name, List<String> peerUrls, List<String> clientUrls) {
        boolean unstarted() {
            return name.isEmpty();
        }
    }

    /** A refusal with the server's message (etcd 2's {@code {"message":...}}), or the status when it has none. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private MembersApi() {}

    /** @return the members, or null when the server has no etcd 2 member API (etcd 0.4) */
    static List<Member> list(EtcdClient client) throws ClusterUnreachableException, IOException, InterruptedException {
        EtcdClient.Reply reply = client.get(PATH);
        if (reply.status() == 404) {
            return null;
        }
        if (reply.status() != 200) {
            throw new IOException(
                    "unexpected reply (HTTP " + reply.status() + ") to GET " + PATH + ": " + reply.body());
        }
        List<Member> out = new ArrayList<>();
        for (JsonNode m : EtcdClient.parse(reply).path("members")) {
            out.add(member(m));
        }
        return out;
    }

    /** The leader's id, or "" while there is none. */
    static String leaderId(EtcdClient client) throws ClusterUnreachableException, IOException, InterruptedException {
        EtcdClient.Reply reply = client.get(PATH + "/leader");
        return reply.status() == 200 ? EtcdClient.parse(reply).path("id").asText("") : "";
    }

    static Member add(EtcdClient client, String peerUrl)
            throws Refused, ClusterUnreachableException, IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("peerURLs").add(peerUrl);
        EtcdClient.Reply reply = client.json("POST", PATH, JSON.writeValueAsString(body));
        if (reply.status() != 201) {
            throw refused(reply);
        }
        return member(EtcdClient.parse(reply));
    }

    static void remove(EtcdClient client, String id)
            throws Refused, ClusterUnreachableException, IOException, InterruptedException {
        EtcdClient.Reply reply = client.json("DELETE", PATH + "/" + id, null);
        if (reply.status() != 204) {
            throw refused(reply);
        }
    }

    private static Refused refused(EtcdClient.Reply reply) {
        String message = "";
        try {
            message = JSON.readTree(reply.body()).path("message").asText("");
        } catch (IOException notJson) {
            // Not etcd 2's error body: the status says enough.
        }
        return new Refused(message.isEmpty() ? "unexpected status code " + reply.status() : message);
    }

    private static Member member(JsonNode m) {
        return new Member(
                m.path("id").asText(""),
                m.path("name").asText(""),
                texts(m.path("peerURLs")),
                texts(m.path("clientURLs")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }
}
