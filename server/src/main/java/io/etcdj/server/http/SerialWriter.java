package io.etcdj.server.http;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Writes a response in pieces that arrive on other threads (a watch's events), one write in flight at a time, as
 * Jetty requires. The queue is bounded: a client that does not read its stream is cut off instead of growing memory.
 */
final class SerialWriter {
    private final Response response;
    private final Callback done;
    private final int maxQueued;
    private final Runnable onFailure;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private boolean writing;
    private boolean lastQueued;
    private boolean finished;

    SerialWriter(Response response, Callback done, int maxQueued, Runnable onFailure) {
        this.response = response;
        this.done = done;
        this.maxQueued = maxQueued;
        this.onFailure = onFailure;
    }

    /** @return false if the response is finished or the client is too far behind (then the response is ended) */
    synchronized boolean offer(ByteBuffer buffer, boolean last) {
        if (finished || lastQueued) {
            return false;
        }
        if (queue.size() >= maxQueued) {
            // The client is not reading: end the stream cleanly rather than buffer without bound.
            queue.add(ByteBuffer.allocate(0));
            lastQueued = true;
            writeNext();
            return false;
        }
        queue.add(buffer);
        lastQueued = last;
        if (!writing) {
            writeNext();
        }
        return true;
    }

    synchronized boolean isFinished() {
        return finished || lastQueued;
    }

    private void writeNext() {
        if (writing) {
            return;
        }
        ByteBuffer next = queue.poll();
        if (next == null) {
            return;
        }
        writing = true;
        boolean last = lastQueued && queue.isEmpty();
        response.write(last, next, new Callback() {
            @Override
            public void succeeded() {
                synchronized (SerialWriter.this) {
                    writing = false;
                    if (last) {
                        finished = true;
                    } else {
                        writeNext();
                        return;
                    }
                }
                done.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                synchronized (SerialWriter.this) {
                    writing = false;
                    finished = true;
                    queue.clear();
                }
                onFailure.run();
                done.failed(failure);
            }
        });
    }
}
