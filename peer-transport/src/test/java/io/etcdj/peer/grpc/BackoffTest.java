package io.etcdj.peer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheMaximumAndStartsOverAfterReset() {
        Backoff b = new Backoff(Duration.ofNanos(10), Duration.ofNanos(50));
        assertEquals(10, b.nextDelayNanos());
        assertEquals(20, b.nextDelayNanos());
        assertEquals(40, b.nextDelayNanos());
        assertEquals(50, b.nextDelayNanos());
        assertEquals(50, b.nextDelayNanos());
        b.reset();
        assertEquals(10, b.nextDelayNanos());
    }
}
