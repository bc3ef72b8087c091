package io.etcdj.etcdctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/**
 * cluster-health: asks every member's /v2/stats/self (etcd 0.4 has no /health); a member is healthy when
 * it answers, knows a leader and (etcdj) does not report its own loops failed. Output and exit code 5 for
 * "unhealthy" follow etcd 3.4's etcdctl.
 */
final class ClusterHealthCommand implements Command {
    public String name() {
        return "cluster-health";
    }

    public String arguments() {
        return "";
    }

    public String summary() {
        return "check the health of the etcd cluster";
    }

    public List<Flag> flags() {
        return List.of();
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        EtcdClient client = inv.client();
        boolean healthy = true;
        for (ClusterMembers.Member m : ClusterMembers.list(client)) {
            String verdict;
            try {
                EtcdClient.Reply r = client.getAt(m.clientUrl(), "/v2/stats/self");
                JsonNode stats = r.status() == 200 ? EtcdClient.parse(r) : null;
                // etcdj adds "health" (its own loops are running); etcd 0.4 has no such field.
                boolean ok = stats != null
                        && !stats.path("leaderInfo").path("leader").asText("").isEmpty()
                        && !stats.path("health").asText("true").equals("false");
                verdict = (ok ? "is healthy: got healthy result from " : "is unhealthy: got unhealthy result from ")
                        + m.clientUrl();
                healthy &= ok;
            } catch (IOException e) {
                verdict = "is unreachable: [" + m.clientUrl() + "] are all unreachable";
                healthy = false;
            }
            inv.out.println("member " + m.name() + " " + verdict);
        }
        inv.out.println(healthy ? "cluster is healthy" : "cluster is unhealthy");
        return healthy ? ExitCodes.SUCCESS : ExitCodes.CLUSTER_UNHEALTHY;
    }
}
