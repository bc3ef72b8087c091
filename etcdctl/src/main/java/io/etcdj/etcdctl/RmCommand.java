package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.util.List;

/**
 * rm: delete a key, or a directory with --dir (empty) or --recursive; --with-value/--with-index make it a
 * compare-and-delete. Output follows 0.4.6's printAll: nothing for a directory, else the (empty) value.
 */
final class RmCommand implements Command {
    public String name() {
        return "rm";
    }

    public String arguments() {
        return "<key>";
    }

    public String summary() {
        return "remove a key or a directory";
    }

    public List<Flag> flags() {
        return List.of(
                Flag.bool("dir", "removes the key if it is an empty directory or a key-value pair"),
                Flag.bool("recursive", "removes the key and all child keys(if it is a directory)", "r"),
                Flag.value("with-value", "value", "previous value"),
                Flag.value("with-index", "value", "previous index (default: 0)"));
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        String key = inv.key();
        Long prevIndex = inv.number("with-index");
        Params p = new Params()
                .flag("dir", inv.args.isTrue("dir"))
                .flag("recursive", inv.args.isTrue("recursive"))
                .put("prevValue", inv.args.value("with-value"))
                .put("prevIndex", prevIndex == null || prevIndex == 0 ? null : prevIndex.toString());
        EtcdResponse r = inv.client().keys("DELETE", key, p.map(), false);
        if (!r.isDir() || !inv.printer.simple()) {
            inv.printer.print(r);
        }
        return ExitCodes.SUCCESS;
    }
}
