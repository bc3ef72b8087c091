package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A burst of answers wakes at most maxDrainers pool threads, and every answer runs. */
class DrainingExecutorTest {
    @Test
    void aBurstIsRunByAtMostMaxDrainersPoolTasks() throws Exception {
        List<Runnable> submitted = new ArrayList<>();
        DrainingExecutor executor = new DrainingExecutor(submitted::add, 2);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            executor.execute(ran::incrementAndGet);
        }
        assertEquals(2, submitted.size(), "two drainers started for 100 answers");

        submitted.get(0).run();
        assertEquals(100, ran.get(), "one drainer runs the whole queue");
        submitted.get(1).run();
        assertEquals(100, ran.get(), "nothing runs twice");

        executor.execute(ran::incrementAndGet);
        assertEquals(3, submitted.size(), "both drainers finished: the next answer starts one again");
    }

    @Test
    void aFailingAnswerDoesNotStopTheOthers() {
        List<Runnable> submitted = new ArrayList<>();
        DrainingExecutor executor = new DrainingExecutor(submitted::add, 1);
        AtomicInteger ran = new AtomicInteger();
        executor.execute(() -> {
            throw new IllegalStateException("a broken answer");
        });
        executor.execute(ran::incrementAndGet);
        submitted.get(0).run();
        assertEquals(1, ran.get());
    }

    @Test
    void noAnswerIsStrandedWhenTasksArriveWhileDrainersFinish() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            DrainingExecutor executor = new DrainingExecutor(pool, 2);
            int producers = 4;
            int perProducer = 20_000;
            CountDownLatch done = new CountDownLatch(producers * perProducer);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perProducer; i++) {
                        executor.execute(done::countDown);
                    }
                });
                threads.add(t);
                t.start();
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), done.getCount() + " answers never ran");
        } finally {
            pool.shutdownNow();
        }
    }
}
