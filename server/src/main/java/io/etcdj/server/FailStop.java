package io.etcdj.server;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide answer to a member that can no longer work: log why, then exit with {@value #EXIT_CODE} so that a
 * supervisor (systemd's Restart=on-failure, a container runtime) restarts it from its data dir. Never a zombie that
 * keeps its ports open and answers /health as if nothing happened.
 *
 * <p>A clean stop is attempted first (shutdown hooks release the data dir and close connections); if that hangs, the
 * JVM is halted after {@value #HALT_AFTER_SECONDS} s. Nothing needs flushing: every acknowledged write is already
 * fsynced.
 */
final class FailStop {
    /** EX_SOFTWARE (sysexits.h): an internal error, not a usage error (1) or a clean stop (0). */
    static final int EXIT_CODE = 70;

    private static final long HALT_AFTER_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(FailStop.class);

    private FailStop() {}

    static void exit(String reason) {
        LOG.error("fatal: {}; exiting with status {} so that a supervisor restarts this member", reason, EXIT_CODE);
        Thread halt = new Thread(
                () -> {
                    try {
                        Thread.sleep(TimeUnit.SECONDS.toMillis(HALT_AFTER_SECONDS));
                    } catch (InterruptedException ignored) {
                        // halt anyway
                    }
                    Runtime.getRuntime().halt(EXIT_CODE);
                },
                "etcdj-fail-stop-halt");
        halt.setDaemon(true);
        halt.start();
        // exit() from a shutdown hook or twice would block forever: run it on its own thread.
        Thread exit = new Thread(() -> System.exit(EXIT_CODE), "etcdj-fail-stop");
        exit.setDaemon(true);
        exit.start();
    }

    /**
     * A thread died of an exception nobody caught. Our own threads ("etcdj-*") and any {@link Error} (out of memory,
     * stack overflow) leave the process in doubt: fail-stop. A library thread dying of an exception is logged.
     */
    static void installUncaughtHandler() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof Error || thread.getName().startsWith("etcdj-")) {
                LOG.error("thread {} died", thread.getName(), e);
                exit("thread " + thread.getName() + " died: " + e);
            } else {
                LOG.error("thread {} died (a library thread; this member goes on)", thread.getName(), e);
            }
        });
    }
}
