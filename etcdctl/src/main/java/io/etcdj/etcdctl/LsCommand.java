package io.etcdj.etcdctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/** ls: one key per line, depth first; hidden (_) children are left out by the server unless asked for. */
final class LsCommand implements Command {
    public String name() {
        return "ls";
    }

    public String arguments() {
        return "[key]";
    }

    public String summary() {
        return "retrieve a directory";
    }

    public List<Flag> flags() {
        return List.of(
                Flag.bool("sort", "returns result in sorted order", "s"),
                Flag.bool("recursive", "returns all key names recursively for the given path", "r"),
                Flag.bool("p", "append slash (/) to directories"),
                Flag.bool("quorum", "require quorum for get request", "q"));
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        String key = inv.args.positional(0) == null ? "/" : inv.args.positional(0);
        Params p = new Params()
                .flag("quorum", inv.args.isTrue("quorum"))
                .flag("recursive", inv.args.isTrue("recursive"))
                .flag("sorted", inv.args.isTrue("sort"));
        EtcdResponse r = inv.client().keys("GET", key, p.map(), false);
        if (!inv.printer.simple()) {
            inv.printer.print(r);
            return ExitCodes.SUCCESS;
        }
        if (!r.isDir()) {
            inv.out.println(r.key());
        }
        for (JsonNode child : r.node().path("nodes")) {
            print(inv, child);
        }
        return ExitCodes.SUCCESS;
    }

    private static void print(Invocation inv, JsonNode n) {
        boolean dir = n.path("dir").asBoolean(false);
        inv.out.println(n.path("key").asText() + (dir && inv.args.isTrue("p") ? "/" : ""));
        for (JsonNode child : n.path("nodes")) {
            print(inv, child);
        }
    }
}
