package io.etcdj.server.http;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A request thread's scratch buffer for a response's JSON: the generator writes here, and the body is copied out once
 * at its exact size. It replaces a fresh growing builder per response (its first block, the blocks it adds as it grows
 * and the final copy: about 1.8 KB per write, the largest avoidable allocation of a request).
 *
 * <p>Bounded: a buffer that a large response (a recursive listing) grew past {@link #MAX_RETAINED_BYTES} is dropped
 * when that response is done, so a thread keeps at most that much between requests (with Jetty's 200 request threads:
 * at most 12.5 MiB, in practice one small buffer per busy thread). A second use on a thread while the first is open (it
 * does not happen today) gets a private buffer instead of corrupting the first.
 */
final class JsonScratch extends OutputStream {
    /** Enough for a key event with its previous node and 256-byte values, so a typical request never grows it. */
    static final int INITIAL_BYTES = 2048;
    /** Past this, the buffer is not kept for the next response on the thread. */
    static final int MAX_RETAINED_BYTES = 64 * 1024;

    private static final ThreadLocal<JsonScratch> PER_THREAD = ThreadLocal.withInitial(JsonScratch::new);

    private byte[] bytes = new byte[INITIAL_BYTES];
    private int count;
    private boolean inUse;

    private JsonScratch() {}

    /** The calling thread's buffer, empty; give it back with {@link #release()} (in a finally). */
    static JsonScratch acquire() {
        JsonScratch scratch = PER_THREAD.get();
        if (scratch.inUse) {
            return new JsonScratch(); // nested use: never share the open buffer
        }
        scratch.inUse = true;
        scratch.count = 0;
        return scratch;
    }

    /** The calling thread's buffer, for tests: how much it keeps between responses. */
    static int retainedBytesOfThisThread() {
        return PER_THREAD.get().bytes.length;
    }

    /** What was written, as a new array of exactly that size. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, count);
    }

    /** Done with the contents: the buffer is empty and, if it grew past the bound, small again. */
    void release() {
        count = 0;
        inUse = false;
        if (bytes.length > MAX_RETAINED_BYTES) {
            bytes = new byte[INITIAL_BYTES];
        }
    }

    @Override
    public void write(int b) {
        ensureRoom(1);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(source, offset, bytes, count, length);
        count += length;
    }

    private void ensureRoom(int more) {
        int needed = count + more;
        if (needed < 0) {
            throw new OutOfMemoryError("a JSON response larger than 2 GiB");
        }
        if (needed > bytes.length) {
            int doubled = bytes.length * 2;
            bytes = Arrays.copyOf(bytes, doubled < 0 ? needed : Math.max(doubled, needed));
        }
    }
}
