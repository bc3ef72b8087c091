package io.etcdj.server.discovery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The renewal timer survives failed renewals and ends once the member stops. */
class ReregistrationTest {
    @Test
    void aFailedRenewalIsLoggedAndTheNextPeriodTriesAgainUntilTheMemberStops() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch threeCalls = new CountDownLatch(3);
        AtomicBoolean running = new AtomicBoolean(true);
        ScheduledExecutorService timer = Reregistration.start(
                () -> {
                    threeCalls.countDown();
                    if (calls.incrementAndGet() == 1) {
                        throw new RuntimeException("service down");
                    }
                    throw new java.io.IOException("still down");
                },
                1,
                running::get,
                "http://127.0.0.1:1/tok");
        assertTrue(threeCalls.await(20, TimeUnit.SECONDS), "renewals after failures: " + calls.get());
        running.set(false);
        assertTrue(timer.awaitTermination(20, TimeUnit.SECONDS), "the timer ends once the member stops");
    }
}
