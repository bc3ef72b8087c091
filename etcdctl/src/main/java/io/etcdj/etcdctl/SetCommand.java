package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/** set: create or replace a key; --swap-with-value/--swap-with-index make it a compare-and-swap. */
final class SetCommand implements Command {
    public String name() {
        return "set";
    }

    public String arguments() {
        return "<key> <value>";
    }

    public String summary() {
        return "set the value of a key";
    }

    public List<Flag> flags() {
        return List.of(
                Flag.value("ttl", "value", "key time-to-live in seconds (default: 0)"),
                Flag.value("swap-with-value", "value", "previous value"),
                Flag.value("swap-with-index", "value", "previous index (default: 0)"));
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        String key = inv.key();
        Long prevIndex = inv.number("swap-with-index");
        Params p = new Params()
                .put("value", inv.valueOrStdin(1))
                .ttl(inv)
                .put("prevValue", inv.args.value("swap-with-value"))
                .put("prevIndex", prevIndex == null || prevIndex == 0 ? null : prevIndex.toString());
        inv.printer.print(inv.client().keys("PUT", key, p.map(), false));
        return ExitCodes.SUCCESS;
    }
}
