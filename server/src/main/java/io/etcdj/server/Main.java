package io.etcdj.server;

import io.etcdj.server.config.ConfigException;
import io.etcdj.server.config.Flags;
import io.etcdj.server.node.MemberRun;
import io.etcdj.server.wal.WalCorruptionException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code ./etcd}: parse flags, start the node, stop it cleanly on SIGTERM/SIGINT. */
public final class Main {
    private Main() {}

    private static WalCorruptionException damagedLog(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WalCorruptionException w) {
                return w;
            }
        }
        return null;
    }

    public static void main(String[] args) {
        Flags.Outcome outcome;
        try {
            outcome = Flags.parse(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("etcd: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (outcome instanceof Flags.Outcome.Print print) {
            System.out.println(print.text());
            return;
        }
        var run = (Flags.Outcome.Run) outcome;
        var config = run.config();
        // etcd 0.4.6 printed these on stderr as plain lines; scripts that grep for them keep working.
        run.deprecations().forEach(System.err::println);
        // Before the first log line: the level, format and JUL bridge apply to every line, Jetty's and gRPC's too.
        Logging.configure(config.logging());
        Logger log = LoggerFactory.getLogger(Main.class);
        run.warnings().forEach(log::warn);
        FailStop.installUncaughtHandler();
        MemberRun node;
        try {
            node = MemberRun.start(config, FaultClock.fromSystemProperty());
        } catch (ConfigException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            WalCorruptionException damaged = damagedLog(e);
            if (damaged != null) {
                // The message names the file, the offset and what to do: a stack trace would bury it.
                log.error("cannot start: {}", damaged.getMessage());
                System.exit(1);
                return;
            }
            log.error("cannot start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        // A removed member does not stop: MemberRun turns it into a standby (etcd 0.4.6's behaviour).
        node.failure().thenAccept(FailStop::exit);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                node.close();
                            } catch (Exception e) {
                                log.warn("stopping failed", e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "etcdj-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
