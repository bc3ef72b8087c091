package io.etcdj.server.http;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on at most {@code maxDrainers} threads of a pool at a time, each of which runs queued tasks until none
 * is left. The apply thread finishes a batch of writes in a burst, and handing each answer to the pool on its own
 * woke a pool thread per answer: on the leader at 64 connections, Jetty's pool threads parking and being unparked took
 * about 15 % of its CPU (a futex call each way, expensive in a VM). Here a burst of answers costs at most
 * {@code maxDrainers} wake-ups.
 *
 * <p>The queue has no bound of its own: it holds answers to writes already registered, at most
 * {@code RaftNode}'s limit of waiting proposals, so it is bounded by what was admitted. A task that throws is logged
 * and does not stop its drainer.
 */
final class DrainingExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(DrainingExecutor.class);

    private final Executor pool;
    private final int maxDrainers;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger drainers = new AtomicInteger();

    DrainingExecutor(Executor pool, int maxDrainers) {
        if (maxDrainers < 1) {
            throw new IllegalArgumentException("maxDrainers " + maxDrainers + " < 1");
        }
        this.pool = pool;
        this.maxDrainers = maxDrainers;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (claimDrainer()) {
            try {
                pool.execute(this::drain);
            } catch (RuntimeException rejected) {
                drainers.decrementAndGet(); // the pool is stopping: the task waits for a drainer, or the stop
                throw rejected;
            }
        }
    }

    private boolean claimDrainer() {
        int n;
        do {
            n = drainers.get();
            if (n >= maxDrainers) {
                return false;
            }
        } while (!drainers.compareAndSet(n, n + 1));
        return true;
    }

    private void drain() {
        do {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("an answer failed", e);
                }
            }
            drainers.decrementAndGet();
            // A task added after the poll above saw every drainer busy and started none: take it on.
        } while (!tasks.isEmpty() && claimDrainer());
    }
}
