package io.etcdj.store;

/** An event bound for one watcher, queued under the store's lock and handed over after it is released. */
record Delivery(Watcher watcher, Event event) {}
