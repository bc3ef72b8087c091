package io.etcdj.store;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * etcd 0.4.6's v2 store (store/store.go) over an in-memory tree. Reads share a read lock and build only the view they
 * return; mutations hold the write lock, take the next index, record the event in the history and pick the watchers
 * to tell, who are then told after the lock is released (see {@link DeliveryQueue}).
 */
public final class V2Store implements Store {
    private static final int HISTORY_CAPACITY = 1000;

    private final Clock clock;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantReadWriteLock.ReadLock readLock = lock.readLock();
    private final ReentrantReadWriteLock.WriteLock writeLock = lock.writeLock();
    private final TtlIndex ttl = new TtlIndex();
    private final EventHistory history = new EventHistory(HISTORY_CAPACITY, 0);
    private final WatcherHub hub = new WatcherHub();
    private final DeliveryQueue deliveries = new DeliveryQueue();
    /** ttl.first()'s expiration, published for lock-free reads by {@link #nextExpiration()}. */
    private volatile Instant earliestExpiration;

    private final StoreStats stats = new StoreStats();

    private Node root = Node.newDir("/", null, 0, null);
    /** Written under the write lock; volatile so index() needs no lock. */
    private volatile long currentIndex;

    public V2Store(Clock clock) {
        this.clock = clock;
    }

    @FunctionalInterface
    private interface Mutation {
        Event apply(List<Delivery> out) throws StoreException;
    }

    private interface Write<T> {
        T apply(List<Delivery> out) throws StoreException;
    }

    @Override
    public long index() {
        return currentIndex;
    }

    @Override
    public Event get(String key, boolean recursive, boolean sorted) throws StoreException {
        String path = KeyPaths.clean(key);
        readLock.lock();
        try {
            Node n = lookup(path);
            Event e = new Event(Action.GET, n.listedView(recursive, sorted, clock.instant()), null, currentIndex);
            stats.getsSuccess.increment();
            return e;
        } catch (StoreException ex) {
            stats.getsFail.increment();
            throw ex;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public Event set(String key, boolean dir, String value, Instant expireTime) throws StoreException {
        String path = KeyPaths.clean(key);
        return mutate(stats.setsSuccess, stats.setsFail, out -> {
            checkNotRoot(path);
            long next = currentIndex + 1;
            Node parent = ensureParentDirs(path, next);
            Node existing = parent.children.get(KeyPaths.baseName(path));
            NodeView prev = null;
            if (existing != null) {
                if (existing.isDir()) {
                    throw new StoreException(ErrorCode.NOT_FILE, path, currentIndex);
                }
                prev = existing.view(clock.instant());
                // Replaced, not rewritten: the new node has a new createdIndex and goes to the end of the listing.
                parent.children.remove(existing.name);
                ttl.remove(existing);
            }
            return commit(new Event(Action.SET, attach(parent, path, dir, value, expireTime, next), prev, next), out);
        });
    }

    @Override
    public Event create(String key, boolean dir, String value, boolean unique, Instant expireTime)
            throws StoreException {
        String cleaned = KeyPaths.clean(key);
        return mutate(stats.createSuccess, stats.createFail, out -> {
            long next = currentIndex + 1;
            String path = unique ? KeyPaths.child(cleaned, KeyPaths.uniqueName(next)) : cleaned;
            checkNotRoot(path);
            Node parent = ensureParentDirs(path, next);
            if (parent.children.containsKey(KeyPaths.baseName(path))) {
                throw new StoreException(ErrorCode.NODE_EXIST, path, currentIndex);
            }
            return commit(
                    new Event(Action.CREATE, attach(parent, path, dir, value, expireTime, next), null, next), out);
        });
    }

    @Override
    public Event update(String key, String value, Instant expireTime) throws StoreException {
        String path = KeyPaths.clean(key);
        return mutate(stats.updateSuccess, stats.updateFail, out -> {
            checkNotRoot(path);
            Node n = lookup(path);
            if (n.isDir() && value != null && !value.isEmpty()) {
                throw new StoreException(ErrorCode.NOT_FILE, path, currentIndex);
            }
            Instant now = clock.instant();
            NodeView prev = n.view(now);
            long next = currentIndex + 1;
            if (!n.isDir()) {
                n.value = value == null ? "" : value;
                n.modifiedIndex = next;
            }
            // else: etcd's node.Write refuses directories, so a directory keeps its modifiedIndex in the tree while
            // the event reports the new index. Kept as etcd 0.4.6 (and 3.4's v2 store) do it.
            setExpiration(n, expireTime);
            NodeView view = new NodeView(
                    path,
                    n.value,
                    n.isDir(),
                    n.expireTime,
                    Node.ttlSeconds(n.expireTime, now),
                    next,
                    n.createdIndex,
                    null);
            return commit(new Event(Action.UPDATE, view, prev, next), out);
        });
    }

    @Override
    public Event compareAndSwap(String key, String prevValue, long prevIndex, String value, Instant expireTime)
            throws StoreException {
        String path = KeyPaths.clean(key);
        return mutate(stats.compareAndSwapSuccess, stats.compareAndSwapFail, out -> {
            checkNotRoot(path);
            Node n = compareTarget(path, prevValue, prevIndex);
            Instant now = clock.instant();
            NodeView prev = n.view(now);
            long next = currentIndex + 1;
            n.value = value == null ? "" : value;
            n.modifiedIndex = next;
            setExpiration(n, expireTime);
            return commit(new Event(Action.COMPARE_AND_SWAP, n.view(now), prev, next), out);
        });
    }

    @Override
    public Event delete(String key, boolean dir, boolean recursive) throws StoreException {
        String path = KeyPaths.clean(key);
        return mutate(stats.deleteSuccess, stats.deleteFail, out -> {
            checkNotRoot(path);
            Node n = lookup(path);
            if (n.isDir()) {
                // recursive implies dir
                if (!dir && !recursive) {
                    throw new StoreException(ErrorCode.NOT_FILE, path, currentIndex);
                }
                if (!recursive && !n.children.isEmpty()) {
                    throw new StoreException(ErrorCode.DIR_NOT_EMPTY, path, currentIndex);
                }
            }
            return removeWithEvent(Action.DELETE, n, out);
        });
    }

    @Override
    public Event compareAndDelete(String key, String prevValue, long prevIndex) throws StoreException {
        String path = KeyPaths.clean(key);
        // No root check, as in etcd: the root is a directory, so it fails with 102.
        return mutate(
                stats.compareAndDeleteSuccess,
                stats.compareAndDeleteFail,
                out -> removeWithEvent(Action.COMPARE_AND_DELETE, compareTarget(path, prevValue, prevIndex), out));
    }

    @Override
    public Watch watch(String key, boolean recursive, boolean stream, long sinceIndex, WatchListener listener)
            throws StoreException {
        String path = KeyPaths.clean(key);
        List<Delivery> out = new ArrayList<>(0);
        Watcher w = null;
        // The write lock makes the history scan and the registration one step: no event can fall between them.
        writeLock.lock();
        try {
            long since = sinceIndex == 0 ? currentIndex + 1 : sinceIndex;
            if (sinceIndex != 0 && since < history.startIndex()) {
                throw new StoreException(
                        ErrorCode.EVENT_INDEX_CLEARED,
                        "the requested history has been cleared [" + history.startIndex() + "/" + since + "]",
                        currentIndex);
            }
            if (stream) {
                w = hub.register(path, recursive, true, since, listener);
            }
            // A one-shot watch answered from history never enters the hub; none is made when there is nothing to scan.
            Watcher probe = stream || since > history.lastIndex() ? w : hub.detached(path, recursive, since, listener);
            for (long i = since, last = history.lastIndex(); i <= last; i++) {
                Event e = history.get(i);
                if (probe.matchesHistory(e)) {
                    probe.lastMatchedIndex = e.index();
                    out.add(new Delivery(probe, e));
                    if (!stream) {
                        w = probe;
                        break;
                    }
                }
            }
            if (w == null) {
                w = hub.register(path, recursive, false, since, listener);
            }
            if (!out.isEmpty()) {
                deliveries.add(out);
            }
        } finally {
            writeLock.unlock();
        }
        if (!out.isEmpty()) {
            deliveries.drain();
        }
        return w;
    }

    @Override
    public List<Event> deleteExpiredKeys(Instant cutoff) {
        try {
            return expire(cutoff);
        } catch (StoreException cannotHappen) {
            throw new IllegalStateException("expiry refused", cannotHappen);
        }
    }

    private List<Event> expire(Instant cutoff) throws StoreException {
        return writeThenNotify(out -> {
            List<Event> events = new ArrayList<>();
            Node n;
            while ((n = ttl.first()) != null && !n.expireTime.isAfter(cutoff)) {
                events.add(removeWithEvent(Action.EXPIRE, n, out));
                stats.expireCount.increment();
            }
            return events;
        });
    }

    /** Lock-free: the log's persist thread asks before every batch and must not wait behind the apply thread. */
    @Override
    public Optional<Instant> nextExpiration() {
        return Optional.ofNullable(earliestExpiration);
    }

    /** Call under the write lock after any change to the TTL index. */
    private void refreshEarliestExpiration() {
        Node first = ttl.first();
        earliestExpiration = first == null ? null : first.expireTime;
    }

    @Override
    public void save(OutputStream out) throws IOException {
        readLock.lock();
        try {
            SnapshotCodec.encode(root, currentIndex, out);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void recover(byte[] snapshot) throws IOException {
        // Decode before taking the lock: a bad snapshot leaves the store untouched, and readers are not held up.
        SnapshotCodec.Decoded decoded = SnapshotCodec.decode(snapshot);
        writeLock.lock();
        try {
            root = decoded.root();
            currentIndex = decoded.index();
            ttl.clear();
            indexExpirations(root);
            history.reset(currentIndex);
            hub.clear();
        } finally {
            refreshEarliestExpiration();
            writeLock.unlock();
        }
    }

    @Override
    public LinkedHashMap<String, Long> stats() {
        return stats.snapshot(hub.count());
    }

    // ---- internals; all below run under the lock ----

    /** Runs a mutation under the write lock, counts it, then tells the watchers it picked, in index order. */
    private Event mutate(LongAdder success, LongAdder fail, Mutation m) throws StoreException {
        return writeThenNotify(out -> {
            try {
                Event e = m.apply(out);
                success.increment();
                return e;
            } catch (StoreException ex) {
                fail.increment();
                throw ex;
            }
        });
    }

    /**
     * Runs a change under the write lock, then tells the watchers it picked, outside the lock and in index order.
     * Every path that changes the tree goes through here, so the published earliest expiration stays current.
     */
    private <T> T writeThenNotify(Write<T> change) throws StoreException {
        List<Delivery> out = new ArrayList<>(0);
        T result;
        writeLock.lock();
        try {
            result = change.apply(out);
            if (!out.isEmpty()) {
                deliveries.add(out);
            }
        } finally {
            refreshEarliestExpiration();
            writeLock.unlock();
        }
        if (!out.isEmpty()) {
            deliveries.drain();
        }
        return result;
    }

    /** Makes the event's index the store's, records it and picks the watchers of its key and ancestors. */
    private Event commit(Event e, List<Delivery> out) {
        currentIndex = e.index();
        history.add(e);
        hub.collectEvent(e, out);
        return e;
    }

    private void checkNotRoot(String path) throws StoreException {
        if (path.length() == 1) {
            throw new StoreException(ErrorCode.ROOT_READ_ONLY, "/", currentIndex);
        }
    }

    private Node lookup(String path) throws StoreException {
        return TreeWalk.lookup(root, path, currentIndex);
    }

    private Node ensureParentDirs(String path, long next) throws StoreException {
        return TreeWalk.ensureParentDirs(root, path, next, currentIndex);
    }

    /** Creates the new key or directory under {@code parent} and returns how the event shows it. */
    private NodeView attach(Node parent, String path, boolean dir, String value, Instant expireTime, long next) {
        Node n = dir ? Node.newDir(path, parent, next, expireTime) : Node.newKey(path, parent, next, value, expireTime);
        parent.children.put(n.name, n);
        ttl.add(n);
        return n.view(clock.instant());
    }

    private void setExpiration(Node n, Instant expireTime) {
        ttl.remove(n);
        n.expireTime = expireTime;
        ttl.add(n);
    }

    /** Finds a key for compareAndSwap/compareAndDelete and runs etcd's comparison (node.go Compare). */
    private Node compareTarget(String path, String prevValue, long prevIndex) throws StoreException {
        Node n = lookup(path);
        if (n.isDir()) {
            throw new StoreException(ErrorCode.NOT_FILE, path, currentIndex);
        }
        String failure = TreeWalk.compareFailure(n, prevValue, prevIndex);
        if (failure != null) {
            throw new StoreException(ErrorCode.TEST_FAILED, failure, currentIndex);
        }
        return n;
    }

    /**
     * Removes a node and its subtree with one event (delete, compareAndDelete, expire): the node shows key, dir and
     * indices; the old node is prevNode. Watchers of every removed path are told, deepest first, as etcd's Remove
     * callback does, then the watchers of the key and its ancestors.
     */
    private Event removeWithEvent(Action action, Node n, List<Delivery> out) {
        long next = currentIndex + 1;
        NodeView node = new NodeView(
                n.path, null, n.isDir() && action != Action.COMPARE_AND_DELETE, null, 0, next, n.createdIndex, null);
        Event e = new Event(action, node, n.view(clock.instant()), next);
        n.parent.children.remove(n.name);
        forget(n, e, !hub.isEmpty(), out);
        return commit(e, out);
    }

    /** Drops a detached subtree from the TTL index and picks the watchers of its paths. */
    private void forget(Node n, Event e, boolean watched, List<Delivery> out) {
        if (n.isDir()) {
            for (Node child : n.children.values()) {
                forget(child, e, watched, out);
            }
        }
        ttl.remove(n);
        if (watched) {
            hub.collectRemoved(n.path, e, out);
        }
    }

    private void indexExpirations(Node n) {
        ttl.add(n);
        if (n.isDir()) {
            for (Node child : n.children.values()) {
                indexExpirations(child);
            }
        }
    }
}
