package io.etcdj.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The registered watchers by watched path (etcd's watcherHub). It decides who is told about an event; the telling
 * itself happens later, outside the store's lock (see {@link DeliveryQueue}). Its own monitor lets {@link Watch#cancel}
 * run from any thread without the store's lock; the store calls in while holding its write lock.
 */
final class WatcherHub {
    private final HashMap<String, List<Watcher>> byPath = new HashMap<>();
    private long count;

    synchronized Watcher register(
            String key, boolean recursive, boolean stream, long sinceIndex, WatchListener listener) {
        Watcher w = new Watcher(key, recursive, stream, sinceIndex, listener, this);
        byPath.computeIfAbsent(key, k -> new ArrayList<>(2)).add(w);
        w.registered = true;
        count++;
        return w;
    }

    /** A watcher that is never registered: one-shot watches answered from history. */
    Watcher detached(String key, boolean recursive, long sinceIndex, WatchListener listener) {
        return new Watcher(key, recursive, false, sinceIndex, listener, this);
    }

    synchronized void unregister(Watcher w) {
        if (!w.registered) {
            return;
        }
        w.registered = false;
        count--;
        List<Watcher> list = byPath.get(w.key);
        if (list != null) {
            list.remove(w);
            if (list.isEmpty()) {
                byPath.remove(w.key);
            }
        }
    }

    synchronized boolean isEmpty() {
        return count == 0;
    }

    synchronized long count() {
        return count;
    }

    synchronized void clear() {
        for (List<Watcher> list : byPath.values()) {
            for (Watcher w : list) {
                w.registered = false;
            }
        }
        byPath.clear();
        count = 0;
    }

    /**
     * A node at {@code path} was removed by a delete or expiry of itself or an ancestor: everyone watching that exact
     * path is told, recursive or not (etcd notifyWatchers with deleted=true).
     */
    synchronized void collectRemoved(String path, Event e, List<Delivery> out) {
        List<Watcher> list = byPath.get(path);
        if (list != null) {
            collect(list, path, e, true, out);
        }
    }

    /**
     * Walks "/", then each ancestor of the event's key, then the key: watchers of the key itself are told, and
     * recursive watchers of an ancestor unless the key is hidden from where they stand (etcd notify).
     */
    synchronized void collectEvent(Event e, List<Delivery> out) {
        if (count == 0) {
            return;
        }
        String key = e.node().key();
        collectAt("/", e, out);
        int slash = key.indexOf('/', 1);
        while (slash > 0) {
            collectAt(key.substring(0, slash), e, out);
            slash = key.indexOf('/', slash + 1);
        }
        if (key.length() > 1) {
            collectAt(key, e, out);
        }
    }

    private void collectAt(String path, Event e, List<Delivery> out) {
        List<Watcher> list = byPath.get(path);
        if (list != null) {
            collect(list, path, e, false, out);
        }
    }

    private void collect(List<Watcher> list, String path, Event e, boolean removed, List<Delivery> out) {
        String key = e.node().key();
        boolean original = key.equals(path);
        if (!original && !removed && KeyPaths.isHiddenFrom(path, key)) {
            return;
        }
        // Iterate over a copy: one-shot watchers leave the list as they match.
        for (Watcher w : list.toArray(new Watcher[0])) {
            if (!(w.recursive || original || removed) || e.index() < w.sinceIndex || w.lastMatchedIndex == e.index()) {
                continue;
            }
            w.lastMatchedIndex = e.index();
            out.add(new Delivery(w, e));
            if (!w.stream) {
                unregister(w);
            }
        }
    }
}
