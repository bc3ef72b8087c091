package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * member list, add and remove with etcd 2's etcdctl output (ctlv2 member_commands.go of etcd 3.4), over etcd 2's
 * member API that etcdj serves. Against a real etcd 0.4 (no /v2/members) list reads /_etcd/machines instead and
 * names each machine by its name, the only id 0.4 had; add and remove need the member API.
 */
final class MemberCommand implements Command {
    /** etcd 2's etcdctl exits 1 on every member command failure. */
    private static final int FAILED = 1;

    public String name() {
        return "member";
    }

    public String arguments() {
        return "list | add <name> <peerURL> | remove <id>";
    }

    public String summary() {
        return "member add, remove and list subcommands";
    }

    public List<Flag> flags() {
        return List.of();
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        String sub = inv.args.positional(0);
        List<String> args = inv.args
                .positionals()
                .subList(
                        Math.min(1, inv.args.positionals().size()),
                        inv.args.positionals().size());
        if ("list".equals(sub)) {
            return list(inv);
        } else if ("add".equals(sub)) {
            if (args.size() != 2) {
                inv.err.println("Provide a name and a single member peerURL");
                return FAILED;
            }
            return add(inv, args.get(0), args.get(1));
        } else if ("remove".equals(sub)) {
            if (args.size() != 1) {
                inv.err.println("Provide a single member ID");
                return FAILED;
            }
            return remove(inv, args.get(0));
        }
        throw new UsageException("member: unknown subcommand " + (sub == null ? "(none)" : "\"" + sub + "\"")
                + "; use: member list, member add <name> <peerURL>, member remove <id>");
    }

    private static int list(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        List<MembersApi.Member> members = MembersApi.list(inv.client());
        if (members == null) {
            for (ClusterMembers.Member m : ClusterMembers.list(inv.client())) {
                inv.out.println(m.name() + ": name=" + m.name() + " peerURLs=" + m.peerUrl() + " clientURLs="
                        + m.clientUrl() + " isLeader=" + m.leader());
            }
            return ExitCodes.SUCCESS;
        }
        String leader = MembersApi.leaderId(inv.client());
        for (MembersApi.Member m : members) {
            if (m.unstarted()) {
                inv.out.println(m.id() + "[unstarted]: peerURLs=" + String.join(",", m.peerUrls()));
            } else {
                inv.out.println(m.id() + ": name=" + m.name() + " peerURLs=" + String.join(",", m.peerUrls())
                        + " clientURLs=" + String.join(",", m.clientUrls()) + " isLeader=" + m.id().equals(leader));
            }
        }
        return ExitCodes.SUCCESS;
    }

    private static int add(Invocation inv, String name, String peerUrl)
            throws UsageException, ClusterUnreachableException, IOException, InterruptedException {
        MembersApi.Member added;
        try {
            added = MembersApi.add(inv.client(), peerUrl);
        } catch (MembersApi.Refused refused) {
            inv.err.println(refused.getMessage());
            return FAILED;
        }
        inv.out.println("Added member named " + name + " with ID " + added.id() + " to cluster");
        List<MembersApi.Member> members = MembersApi.list(inv.client());
        List<String> conf = new ArrayList<>();
        for (MembersApi.Member m : members == null ? List.<MembersApi.Member>of() : members) {
            for (String url : m.peerUrls()) {
                conf.add((m.id().equals(added.id()) ? name : m.name()) + "=" + url);
            }
        }
        inv.out.println();
        inv.out.println("ETCD_NAME=" + goQuote(name));
        inv.out.println("ETCD_INITIAL_CLUSTER=" + goQuote(String.join(",", conf)));
        inv.out.println("ETCD_INITIAL_CLUSTER_STATE=\"existing\"");
        return ExitCodes.SUCCESS;
    }

    private static int remove(Invocation inv, String id)
            throws UsageException, ClusterUnreachableException, IOException, InterruptedException {
        List<MembersApi.Member> members;
        try {
            members = MembersApi.list(inv.client());
        } catch (IOException e) {
            inv.err.println("Error while verifying ID against known members: " + e.getMessage());
            return FAILED;
        }
        boolean found = false;
        for (MembersApi.Member m : members == null ? List.<MembersApi.Member>of() : members) {
            found |= m.id().equals(id);
            if (m.name().equals(id)) {
                inv.err.println("Found a member named " + m.name() + "; if this is correct, please use its ID, eg:\n"
                        + "\tetcdctl member remove " + m.id());
                inv.err.println();
            }
        }
        if (!found) {
            inv.err.println("Couldn't find a member in the cluster with an ID of " + id + ".");
            return FAILED;
        }
        try {
            MembersApi.remove(inv.client(), id);
        } catch (MembersApi.Refused refused) {
            inv.err.print("Received an error trying to remove member " + id + ": " + refused.getMessage());
            inv.err.println();
            return FAILED;
        }
        inv.out.println("Removed member " + id + " from cluster");
        return ExitCodes.SUCCESS;
    }

    /** Go's %q for the names and URLs etcdctl prints: quotes, with backslash and quote escaped. */
    private static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
