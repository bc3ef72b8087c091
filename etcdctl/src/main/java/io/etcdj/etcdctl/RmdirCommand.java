package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/** rmdir: delete an empty directory (dir=true without recursive; a non-empty one is "108"). */
final class RmdirCommand implements Command {
    public String name() {
        return "rmdir";
    }

    public String arguments() {
        return "<key>";
    }

    public String summary() {
        return "removes the key if it is an empty directory or a key-value pair";
    }

    public List<Flag> flags() {
        return List.of();
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        Params p = new Params().put("dir", "true");
        DirOutput.print(inv, inv.client().keys("DELETE", inv.key(), p.map(), false));
        return ExitCodes.SUCCESS;
    }
}
