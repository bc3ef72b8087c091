package io.etcdj.store;

/**
 * Told about each event a watch matches. Called on the thread that applies the mutation (or the thread that
 * registers the watch, for an event taken from history); it must not block.
 */
@FunctionalInterface
public interface WatchListener {
    void onEvent(Event event);
}
