package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * exec-watch: run a command for every change under a key, forever, with the event in its environment
 * (ETCD_WATCH_ACTION, ETCD_WATCH_KEY, ETCD_WATCH_VALUE, ETCD_WATCH_MODIFIED_INDEX as in 0.4.6).
 * The command's output is copied to our streams so that callers which capture them see it too.
 */
final class ExecWatchCommand implements Command {
    public String name() {
        return "exec-watch";
    }

    public String arguments() {
        return "<key> -- <command> [arguments...]";
    }

    public String summary() {
        return "watch a key for changes and exec an executable";
    }

    public List<Flag> flags() {
        return List.of(
                Flag.value("after-index", "value", "watch after the given index (default: 0)"),
                Flag.bool("recursive", "watch all values for key and child keys", "r"));
    }

    public int run(Invocation inv)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        String key = inv.key();
        List<String> command =
                inv.args.positionals().subList(1, inv.args.positionals().size());
        if (command.isEmpty()) {
            throw new UsageException("exec-watch requires a command after the key: <key> -- <command>");
        }
        Watcher.watch(inv, key, true, event -> execute(inv, List.copyOf(command), event));
        return ExitCodes.SUCCESS;
    }

    private static void execute(Invocation inv, List<String> command, EtcdResponse event)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("ETCD_WATCH_ACTION", event.action());
        env.put("ETCD_WATCH_KEY", event.key());
        env.put("ETCD_WATCH_VALUE", event.value());
        env.put(
                "ETCD_WATCH_MODIFIED_INDEX",
                Long.toString(event.node().path("modifiedIndex").asLong()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            inv.err.println("Error:  cannot run " + command.get(0) + ": " + e.getMessage());
            return;
        }
        Thread errors = new Thread(() -> copy(p.getErrorStream(), inv.err), "exec-watch-stderr");
        errors.start();
        try {
            copy(p.getInputStream(), inv.out);
            p.waitFor();
            errors.join();
        } finally {
            if (p.isAlive()) {
                p.destroy();
            }
        }
    }

    private static void copy(InputStream from, OutputStream to) {
        try (from) {
            from.transferTo(to);
            to.flush();
        } catch (IOException e) {
            // the child closed its end early; nothing left to copy
        }
    }
}
