package io.etcdj.store;

/**
 * Told about each event a watch matches, in index order. Called on the thread that applies the mutation (or the
 * thread that registers the watch, for an event taken from history), outside the store's lock: it must be cheap and
 * must not block, since the next mutation waits for it. A listener that talks to a client only queues the event for
 * another thread (the HTTP layer's watch delivery does, with its own bounds).
 */
@FunctionalInterface
public interface WatchListener {
    void onEvent(Event event);
}
