package io.etcdj.store;

/**
 * One registered watch. Matching state is touched only under the hub's monitor; {@code cancelled} is read by the
 * delivering thread, so an event queued before a cancel is not handed over after it.
 */
final class Watcher implements Watch {
    final String key;
    final boolean recursive;
    final boolean stream;
    /** Events below this index are not for this watcher (etcd's sinceIndex). */
    final long sinceIndex;

    private final WatchListener listener;
    private final WatcherHub hub;
    private volatile boolean cancelled;
    /** Guards against telling the watcher twice about one event (a deleted path and its ancestor walk). */
    long lastMatchedIndex;
    /** True while the watcher sits in the hub's map. */
    boolean registered;

    Watcher(String key, boolean recursive, boolean stream, long sinceIndex, WatchListener listener, WatcherHub hub) {
        this.key = key;
        this.recursive = recursive;
        this.stream = stream;
        this.sinceIndex = sinceIndex;
        this.listener = listener;
        this.hub = hub;
    }

    @Override
    public void cancel() {
        cancelled = true;
        hub.unregister(this);
    }

    void deliver(Event event) {
        if (!cancelled) {
            listener.onEvent(event);
        }
    }

    /** etcd's history scan match, with the live hidden rule too: the key itself, or (recursive) a visible descendant. */
    boolean matchesHistory(Event e) {
        String eventKey = e.node().key();
        if (eventKey.equals(key)) {
            return true;
        }
        return recursive && isUnder(eventKey, key) && !KeyPaths.isHiddenFrom(key, eventKey);
    }

    static boolean isUnder(String path, String dir) {
        if (dir.length() == 1) {
            return path.length() > 1;
        }
        return path.length() > dir.length() && path.startsWith(dir) && path.charAt(dir.length()) == '/';
    }
}
