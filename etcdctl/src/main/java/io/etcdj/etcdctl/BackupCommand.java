package io.etcdj.etcdctl;

import io.etcdj.cli.Flag;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * backup: copies a member's data dir as a new one-member cluster's (etcd 2's etcdctl backup). The work reads the
 * server's WAL and snapshot formats, so it lives in the server module ({@value #IMPLEMENTATION}), which etcdctl
 * loads by name only when this command runs: the other commands start without the server's classes, and etcdctl
 * keeps no compile dependency on the server. The release's lib/ holds both; a classpath without the server jar gets
 * a plain error saying so.
 */
final class BackupCommand implements Command {
    static final String IMPLEMENTATION = "io.etcdj.server.backup.Backup";

    public String name() {
        return "backup";
    }

    public String arguments() {
        return "";
    }

    public String summary() {
        return "backup an etcd directory";
    }

    public List<Flag> flags() {
        return List.of(
                Flag.value("data-dir", "value", "Path to the etcd data dir"),
                Flag.value("backup-dir", "value", "Path to the backup dir"));
    }

    public int run(Invocation inv) throws UsageException {
        Method run;
        try {
            run = Class.forName(IMPLEMENTATION)
                    .getMethod("run", String.class, String.class, PrintStream.class, PrintStream.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            inv.err.println("Error:  backup needs etcdj's server jar (etcdj-server) on the class path next to"
                    + " etcdctl's; run the release's bin/etcdctl, whose lib/ holds it");
            return ExitCodes.SERVER_ERROR;
        }
        try {
            return (int) run.invoke(null, inv.args.value("data-dir"), inv.args.value("backup-dir"), inv.out, inv.err);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(IMPLEMENTATION + ".run is not public", e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }
}
