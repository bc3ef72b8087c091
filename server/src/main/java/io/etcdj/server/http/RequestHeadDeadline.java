package io.etcdj.server.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the time a client may take to send a request's head (request line and headers), like Go's
 * {@code ReadHeaderTimeout}. Jetty's idle timeout alone does not: every trickled byte resets it, so a client sending
 * one header byte a second (slowloris) holds a connection for ever.
 *
 * <p>Installed as a {@link Connection.Listener} bean of the connector (every HTTP connection gets a deadline when it
 * opens) and as the handler wrapper (a head is complete when Jetty hands the request to the handler; the next head's
 * deadline starts when that request completes). A parked watch is a request in progress, so it is never cut. The
 * first head of a connection has exactly the timeout from the moment the connection opened (a TLS handshake counts);
 * on a kept-alive connection the clock starts with the first byte of the next head, which the check only sees at its
 * next run, so such a head gets between one and two timeouts. An idle kept-alive connection (no byte at all) is left
 * to the idle timeout. Request bodies are not bounded here.
 *
 * <p>One scheduled task per connection at most; checks take a lock held only by the connection's own events. A
 * request does not cancel and re-arm the task (two operations on the scheduler's shared queue per request, a cost
 * measured on busy members): the task stays armed, and when it fires early it re-arms itself for what is left of the
 * current deadline.
 */
final class RequestHeadDeadline extends Handler.Wrapper implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadDeadline.class);
    private static final String ATTRIBUTE = RequestHeadDeadline.class.getName();

    private final long timeoutMs;
    private final Scheduler scheduler;
    /** At most one warning a minute: a slowloris attack would otherwise flood the log. */
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final AtomicLong closed = new AtomicLong();
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime());

    RequestHeadDeadline(Handler handler, long timeoutMs, Scheduler scheduler) {
        super(handler);
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("timeoutMs " + timeoutMs);
        }
        this.timeoutMs = timeoutMs;
        this.scheduler = scheduler;
    }

    /** Connections closed because a request head did not arrive in time. */
    long closedConnections() {
        return closed.get();
    }

    @Override
    public void onOpened(Connection connection) {
        // HTTP connections carry attributes (ConnectionMetaData); a TLS connection underneath them does not.
        if (connection instanceof ConnectionMetaData meta) {
            Deadline deadline = new Deadline(connection);
            meta.setAttribute(ATTRIBUTE, deadline);
            deadline.awaitFirstHead();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof ConnectionMetaData meta && meta.getAttribute(ATTRIBUTE) instanceof Deadline d) {
            d.connectionClosed();
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getConnectionMetaData().getAttribute(ATTRIBUTE) instanceof Deadline deadline) {
            deadline.headReceived();
            Request.addCompletionListener(request, failure -> deadline.awaitNextHead());
        }
        return super.handle(request, response, callback);
    }

    /** The deadline of one connection's current request head. */
    private final class Deadline implements Runnable {
        private final Connection connection;
        private Scheduler.Task task;
        private boolean requestInProgress;
        private boolean firstHead = true;
        private boolean connectionClosed;
        /** Kept alive: bytes in when the previous request completed, and whether a check saw more since. */
        private long bytesInAtLastRequest;

        private boolean nextHeadStarted;
        /** When the head being waited for is late (System.nanoTime()); meaningless while a request is in progress. */
        private long deadlineNanos;

        Deadline(Connection connection) {
            this.connection = connection;
        }

        synchronized void awaitFirstHead() {
            schedule(TimeUnit.MILLISECONDS.toNanos(timeoutMs));
        }

        synchronized void headReceived() {
            firstHead = false;
            requestInProgress = true; // an armed task finds this and stops
        }

        synchronized void awaitNextHead() {
            requestInProgress = false;
            bytesInAtLastRequest = connection.getBytesIn();
            nextHeadStarted = false;
            deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            if (task == null) {
                schedule(TimeUnit.MILLISECONDS.toNanos(timeoutMs));
            }
        }

        synchronized void connectionClosed() {
            connectionClosed = true;
            cancel();
        }

        @Override
        public void run() {
            synchronized (this) {
                task = null;
                if (connectionClosed || requestInProgress) {
                    return;
                }
                long early = deadlineNanos - System.nanoTime();
                if (!firstHead && early > 0) {
                    schedule(early); // armed for an earlier request's deadline
                    return;
                }
                if (!firstHead && !nextHeadStarted) {
                    // Kept alive: if the next head has begun, give it one more full period; if not, keep watching.
                    nextHeadStarted = connection.getBytesIn() != bytesInAtLastRequest;
                    deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
                    schedule(TimeUnit.MILLISECONDS.toNanos(timeoutMs));
                    return;
                }
            }
            long total = closed.incrementAndGet();
            LOG.debug(
                    "closing {}: no complete request head within {} ms (-http-header-timeout)",
                    connection.getEndPoint().getRemoteSocketAddress(),
                    timeoutMs);
            long now = System.nanoTime();
            long last = lastWarnNanos.get();
            if ((total == 1 || now - last > WARN_INTERVAL_NANOS) && lastWarnNanos.compareAndSet(last, now)) {
                LOG.warn(
                        "closed {} connection(s) so far that did not send a request head within {} ms"
                                + " (-http-header-timeout), the latest from {}",
                        total,
                        timeoutMs,
                        connection.getEndPoint().getRemoteSocketAddress());
            }
            connection.getEndPoint().close();
        }

        private void schedule(long delayNanos) {
            if (!connectionClosed) {
                task = scheduler.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
            }
        }

        private void cancel() {
            if (task != null) {
                task.cancel();
                task = null;
            }
        }
    }
}
