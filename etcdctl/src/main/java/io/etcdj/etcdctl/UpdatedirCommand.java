package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/** updatedir: change an existing directory's TTL (prevExist=true, dir=true). */
final class UpdatedirCommand implements Command {
    public String name() {
        return "updatedir";
    }

    public String arguments() {
        return "<key>";
    }

    public String summary() {
        return "update an existing directory";
    }

    public List<Flag> flags() {
        return List.of(Flag.value("ttl", "value", "key time-to-live in seconds (default: 0)"));
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        Params p = new Params().put("dir", "true").put("prevExist", "true").ttl(inv);
        DirOutput.print(inv, inv.client().keys("PUT", inv.key(), p.map(), false));
        return ExitCodes.SUCCESS;
    }
}
