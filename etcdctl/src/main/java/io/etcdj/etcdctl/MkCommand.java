package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/** mk: create a key only if it does not exist (prevExist=false), or with --in-order a new child (POST). */
final class MkCommand implements Command {
    public String name() {
        return "mk";
    }

    public String arguments() {
        return "<key> <value>";
    }

    public String summary() {
        return "make a new key with a given value";
    }

    public List<Flag> flags() {
        return List.of(
                Flag.bool("in-order", "create in-order key under directory <key>"),
                Flag.value("ttl", "value", "key time-to-live in seconds (default: 0)"));
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        String key = inv.key();
        Params p = new Params().put("value", inv.valueOrStdin(1)).ttl(inv);
        EtcdResponse r = inv.args.isTrue("in-order")
                ? inv.client().keys("POST", key, p.map(), false)
                : inv.client().keys("PUT", key, p.put("prevExist", "false").map(), false);
        inv.printer.print(r);
        return ExitCodes.SUCCESS;
    }
}
