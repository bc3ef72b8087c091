package io.etcdj.server.http;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Where a {@link WatchStream} writes: a parked HTTP response, its connection and a timer. An interface so the
 * delivery rules can be exercised with a client that stalls on command.
 */
interface WatchOutput {
    /** One write at a time; {@code callback} is told when the socket took the bytes (possibly before returning). */
    void write(boolean last, ByteBuffer content, Callback callback);

    /** The response is complete (its last write succeeded). Called once, with no write pending. */
    void succeeded();

    /** The response failed; called once, with no write pending. */
    void failed(Throwable cause);

    /** Closes the connection now; a pending write then fails. */
    void closeConnection(Throwable cause);

    /** Runs {@code task} after {@code delayMs}; the returned action cancels it. */
    Runnable schedule(Runnable task, long delayMs);

    /** A Jetty response parked in a handler, with the handler's callback. */
    static WatchOutput of(Response response, Callback handlerCallback, EndPoint endPoint, Scheduler scheduler) {
        return new WatchOutput() {
            @Override
            public void write(boolean last, ByteBuffer content, Callback callback) {
                response.write(last, content, callback);
            }

            @Override
            public void succeeded() {
                handlerCallback.succeeded();
            }

            @Override
            public void failed(Throwable cause) {
                handlerCallback.failed(cause);
            }

            @Override
            public void closeConnection(Throwable cause) {
                endPoint.close(cause);
            }

            @Override
            public Runnable schedule(Runnable task, long delayMs) {
                Scheduler.Task scheduled = scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
                return scheduled::cancel;
            }
        };
    }
}
