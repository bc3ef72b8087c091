package io.etcdj.server.http;

import io.etcdj.store.Event;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;

/**
 * One event's watch JSON, encoded once and shared read-only by every watcher it goes to. The reference counts are
 * kept by {@link WatchBudget} under its monitor.
 */
final class EncodedEvent {
    /** What a HEAD watch is given: no body, nothing to account. */
    static final EncodedEvent NO_BODY = new EncodedEvent(null, new byte[0]);

    final long index;
    /** Never written to after construction; handed out only as read-only views. */
    private final byte[] json;
    /**
     * Which event this is, for the encoding cache. Weak: once only watchers hold the bytes, the event itself (its
     * key and value strings) may go, as the history drops it.
     */
    private final WeakReference<Event> source;

    /** Watchers (and the dispatcher's cache) holding the bytes. Guarded by the budget. */
    int holders;
    /** Holders that are live watchers (not cut off, not the cache). Guarded by the budget. */
    int liveHolders;

    EncodedEvent(Event event, byte[] json) {
        this.index = event == null ? 0 : event.index();
        this.json = json;
        this.source = new WeakReference<>(event);
    }

    int size() {
        return json.length;
    }

    boolean isFor(Event event) {
        return source.get() == event;
    }

    /** A fresh read-only view: each response has its own position; nobody can change the shared bytes. */
    ByteBuffer content() {
        return ByteBuffer.wrap(json).asReadOnlyBuffer();
    }
}
