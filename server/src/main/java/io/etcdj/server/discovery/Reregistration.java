package io.etcdj.server.discovery;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews this member's registration under its token before the registration's TTL runs out, as 0.4.6's discovery
 * heartbeat did. One daemon thread per member; a failed renewal is logged and tried again at the next period (a
 * registration is only read by members that start later, so a missed renewal harms nothing yet). The thread ends
 * at the first period after the member stops.
 */
final class Reregistration {
    private static final Logger LOG = LoggerFactory.getLogger(Reregistration.class);

    /** One renewal. */
    interface Renewal {
        void run() throws Exception;
    }

    private Reregistration() {}

    static ScheduledExecutorService start(
            Renewal renewal, long periodSeconds, BooleanSupplier memberRunning, String discoveryUrl) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "etcdj-discovery-renewal");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(
                () -> {
                    if (!memberRunning.getAsBoolean()) {
                        timer.shutdown();
                        return;
                    }
                    try {
                        renewal.run();
                        LOG.debug("discovery: renewed the registration at {}", discoveryUrl);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        timer.shutdown();
                    } catch (Exception e) { // never let the timer die: the next period tries again
                        LOG.warn(
                                "discovery: renewing the registration at {} failed: {}; next try in {} s",
                                discoveryUrl,
                                e.toString(),
                                periodSeconds);
                    }
                },
                periodSeconds,
                periodSeconds,
                TimeUnit.SECONDS);
        return timer;
    }
}
