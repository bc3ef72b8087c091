package io.etcdj.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.util.Callback;

/**
 * A {@link WatchOutput} whose client reads only when told: while stalled, a write stays pending as it does when a
 * client's socket buffers are full. Records every write, the response's outcome and the timers set.
 */
final class ScriptedClient implements WatchOutput {
    record Written(boolean last, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    final List<Written> writes = new ArrayList<>();
    final List<Runnable> timers = new ArrayList<>();
    private boolean stalled;
    private Callback pending;
    int succeeded;
    int failed;
    Throwable failure;
    boolean connectionClosed;
    /** The server is stopping: timers cannot be set. */
    boolean schedulerStopped;

    ScriptedClient(boolean stalled) {
        this.stalled = stalled;
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
        if (pending != null) {
            throw new AssertionError("a second write while one is pending");
        }
        if (succeeded + failed > 0) {
            throw new AssertionError("a write after the response completed");
        }
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        writes.add(new Written(last, bytes));
        if (connectionClosed) {
            callback.failed(new IOException("closed"));
        } else if (stalled) {
            pending = callback;
        } else {
            callback.succeeded();
        }
    }

    /** The client reads what is pending (one write). */
    void readOne() {
        Callback c = pending;
        if (c == null) {
            throw new AssertionError("no write pending");
        }
        pending = null;
        c.succeeded();
    }

    /** The client reads from now on. */
    void resume() {
        stalled = false;
        if (pending != null) {
            readOne();
        }
    }

    boolean writePending() {
        return pending != null;
    }

    @Override
    public void succeeded() {
        assertNothingPending();
        succeeded++;
    }

    @Override
    public void failed(Throwable cause) {
        assertNothingPending();
        failed++;
        failure = cause;
    }

    private void assertNothingPending() {
        if (pending != null) {
            throw new AssertionError("response completed with a write pending");
        }
    }

    @Override
    public void closeConnection(Throwable cause) {
        connectionClosed = true;
        Callback c = pending;
        pending = null;
        if (c != null) {
            c.failed(cause);
        }
    }

    @Override
    public Runnable schedule(Runnable task, long delayMs) {
        if (schedulerStopped) {
            throw new RejectedExecutionException("test: scheduler stopped");
        }
        timers.add(task);
        return () -> timers.remove(task);
    }

    /** Fires the timers set so far (the grace period passed). */
    void fireTimers() {
        for (Runnable t : new ArrayList<>(timers)) {
            timers.remove(t);
            t.run();
        }
    }

    List<String> eventBodies() {
        List<String> out = new ArrayList<>();
        for (Written w : writes) {
            if (w.content.length > 0) {
                out.add(w.text());
            }
        }
        return out;
    }

    int completions() {
        return succeeded + failed;
    }
}
