package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/** update: change an existing key only (prevExist=true); a missing key is "100: Key not found". */
final class UpdateCommand implements Command {
    public String name() {
        return "update";
    }

    public String arguments() {
        return "<key> <value>";
    }

    public String summary() {
        return "update an existing key with a given value";
    }

    public List<Flag> flags() {
        return List.of(Flag.value("ttl", "value", "key time-to-live in seconds (default: 0)"));
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        String key = inv.key();
        Params p = new Params()
                .put("value", inv.valueOrStdin(1))
                .put("prevExist", "true")
                .ttl(inv);
        inv.printer.print(inv.client().keys("PUT", key, p.map(), false));
        return ExitCodes.SUCCESS;
    }
}
