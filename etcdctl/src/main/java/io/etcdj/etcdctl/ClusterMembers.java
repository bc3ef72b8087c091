package io.etcdj.etcdctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The members as etcd 0.4 publishes them on the client port: /_etcd/machines/<name> holds
 * "etcd=<clientURL>&raft=<peerURL>", and /v2/leader answers the leader's peer URL.
 */
final class ClusterMembers {
    record Member(String name, String clientUrl, String peerUrl, boolean leader) {}

    private ClusterMembers() {}

    static List<Member> list(EtcdClient client)
            throws EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        EtcdResponse machines = client.keys("GET", "/_etcd/machines", new Params().map(), false);
        EtcdClient.Reply leaderReply = client.get("/v2/leader");
        String leader = leaderReply.status() == 200 ? leaderReply.body().trim() : "";
        List<Member> members = new ArrayList<>();
        for (JsonNode n : machines.node().path("nodes")) {
            String key = n.path("key").asText();
            String clientUrl = "";
            String peerUrl = "";
            for (String pair : n.path("value").asText("").split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (pair.startsWith("etcd=")) {
                    clientUrl = v;
                }
                if (pair.startsWith("raft=")) {
                    peerUrl = v;
                }
            }
            members.add(new Member(
                    key.substring(key.lastIndexOf('/') + 1),
                    clientUrl,
                    peerUrl,
                    !peerUrl.isEmpty() && peerUrl.equals(leader)));
        }
        return members;
    }
}
