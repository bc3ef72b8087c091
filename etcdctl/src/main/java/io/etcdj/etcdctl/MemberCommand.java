package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/**
 * member list: one line per machine in etcd 3.4's format. etcd 0.4 machines have names, not hex IDs, so
 * the name is used as the ID. Adding and removing machines goes through the peer port, not this client.
 */
final class MemberCommand implements Command {
    public String name() {
        return "member";
    }

    public String arguments() {
        return "list";
    }

    public String summary() {
        return "member list subcommand";
    }

    public List<Flag> flags() {
        return List.of();
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        String sub = inv.args.positional(0);
        if (!"list".equals(sub)) {
            throw new UsageException("member: unknown subcommand " + (sub == null ? "(none)" : "\"" + sub + "\"")
                    + "; use: member list");
        }
        for (ClusterMembers.Member m : ClusterMembers.list(inv.client())) {
            inv.out.println(m.name() + ": name=" + m.name() + " peerURLs=" + m.peerUrl() + " clientURLs="
                    + m.clientUrl() + " isLeader=" + m.leader());
        }
        return ExitCodes.SUCCESS;
    }
}
