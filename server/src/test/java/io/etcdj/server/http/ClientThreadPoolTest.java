package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/** After a burst, the request threads shrink back to the minimum within a few idle periods, not one per period. */
class ClientThreadPoolTest {
    private static final int BURST = 60;
    private static final int MIN_THREADS = 8;

    @Test
    void idleThreadsBeyondTheMinimumAllExitSoonAfterABurst() throws Exception {
        QueuedThreadPool pool = HttpServers.threadPool("etcdj-test-pool");
        // A short period for the test; what is under test is how many threads may exit per period. Jetty's default
        // (one) would need BURST - MIN_THREADS = 52 periods, 5.2 s, to shrink.
        pool.setIdleTimeout(100);
        pool.start();
        try {
            CountDownLatch running = new CountDownLatch(BURST);
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < BURST; i++) {
                pool.execute(() -> {
                    running.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertTrue(running.await(30, TimeUnit.SECONDS), "the burst never ran on " + BURST + " threads");
            assertTrue(pool.getThreads() >= BURST, pool.getThreads() + " threads");
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (pool.getThreads() > MIN_THREADS && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(
                    pool.getThreads() <= MIN_THREADS,
                    pool.getThreads() + " threads 3 s (30 idle periods) after the burst, want at most " + MIN_THREADS);
        } finally {
            pool.stop();
        }
    }
}
