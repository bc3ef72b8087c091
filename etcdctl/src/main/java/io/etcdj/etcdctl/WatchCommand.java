package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/** watch: wait for the next change and print it; with --recursive each event is "[action] key" then the value. */
final class WatchCommand implements Command {
    public String name() {
        return "watch";
    }

    public String arguments() {
        return "<key>";
    }

    public String summary() {
        return "watch a key for changes";
    }

    public List<Flag> flags() {
        return List.of(
                Flag.bool("forever", "forever watch a key until CTRL+C", "f"),
                Flag.value("after-index", "value", "watch after the given index (default: 0)"),
                Flag.bool("recursive", "returns all values for key and child keys", "r"));
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        boolean recursive = inv.args.isTrue("recursive");
        Watcher.watch(inv, inv.key(), inv.args.isTrue("forever"), event -> {
            if (recursive) {
                inv.out.println("[" + event.action() + "] " + event.key());
            }
            inv.printer.print(event);
            inv.out.flush();
        });
        return ExitCodes.SUCCESS;
    }
}
