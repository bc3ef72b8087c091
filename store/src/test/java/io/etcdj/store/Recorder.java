package io.etcdj.store;

import java.util.ArrayList;
import java.util.List;

/** A watch listener that keeps what it is told. */
final class Recorder implements WatchListener {
    final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(Event event) {
        events.add(event);
    }

    synchronized List<Long> indices() {
        return events.stream().map(Event::index).toList();
    }

    synchronized List<String> keys() {
        return events.stream().map(e -> e.node().key()).toList();
    }
}
