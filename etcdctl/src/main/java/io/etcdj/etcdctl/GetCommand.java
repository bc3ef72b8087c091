package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/** get: print a key's value; a directory is an error ("<key>: is a directory", exit 1) as in 0.4.6. */
final class GetCommand implements Command {
    public String name() {
        return "get";
    }

    public String arguments() {
        return "<key>";
    }

    public String summary() {
        return "retrieve the value of a key";
    }

    public List<Flag> flags() {
        return List.of(
                Flag.bool("sort", "returns result in sorted order"),
                Flag.bool("quorum", "require quorum for get request (read through the raft log)", "q"),
                Flag.bool("consistent", "send the request to the leader"));
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        Params p = new Params()
                .flag("quorum", inv.args.isTrue("quorum"))
                .flag("consistent", inv.args.isTrue("consistent"))
                .flag("sorted", inv.args.isTrue("sort"));
        EtcdResponse r = inv.client().keys("GET", inv.key(), p.map(), false);
        if (r.isDir()) {
            inv.err.println(r.key() + ": is a directory");
            return ExitCodes.BAD_ARGS;
        }
        inv.printer.print(r);
        return ExitCodes.SUCCESS;
    }
}
