package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/** mkdir: create a directory only if nothing exists there; prints nothing in simple output. */
final class MkdirCommand implements Command {
    public String name() {
        return "mkdir";
    }

    public String arguments() {
        return "<key>";
    }

    public String summary() {
        return "make a new directory";
    }

    public List<Flag> flags() {
        return List.of(Flag.value("ttl", "value", "key time-to-live in seconds (default: 0)"));
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        Params p = new Params().put("dir", "true").put("prevExist", "false").ttl(inv);
        DirOutput.print(inv, inv.client().keys("PUT", inv.key(), p.map(), false));
        return ExitCodes.SUCCESS;
    }
}
