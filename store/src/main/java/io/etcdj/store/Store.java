package io.etcdj.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The v2 keyspace of etcd 0.4.6: a tree of keys and directories with TTLs, a global event history for watches, and
 * counters. It knows nothing of Raft or HTTP.
 *
 * <p>Determinism: every mutation takes its expiration as an absolute instant chosen by the caller (the leader), and
 * keys are only removed by {@link #deleteExpiredKeys(Instant)}, never on a timer, so replaying the same calls gives
 * the same store at the same index. The injected clock is used only to display {@code ttl} in views.
 *
 * <p>Thread safety: all methods may be called from any thread; mutations are meant to come from one apply thread.
 * Keys passed in are cleaned like Go's {@code path.Clean("/" + key)}.
 */
public interface Store {
    /** The store index: the index of the newest event (mutations and expirations each take one). */
    long index();

    Event get(String key, boolean recursive, boolean sorted) throws StoreException;

    /** PUT without conditions. {@code expireTime} null = permanent. Creates intermediate directories. */
    Event set(String key, boolean dir, String value, Instant expireTime) throws StoreException;

    /**
     * PUT prevExist=false, or POST (unique=true: the new key is {@code key + "/" + %020d of the new index}).
     */
    Event create(String key, boolean dir, String value, boolean unique, Instant expireTime) throws StoreException;

    /** PUT prevExist=true: the node must exist; value replaces the old one (a directory takes only a TTL). */
    Event update(String key, String value, Instant expireTime) throws StoreException;

    /** PUT with prevValue and/or prevIndex; prevValue null = not compared, prevIndex 0 = not compared. */
    Event compareAndSwap(String key, String prevValue, long prevIndex, String value, Instant expireTime)
            throws StoreException;

    Event delete(String key, boolean dir, boolean recursive) throws StoreException;

    /** DELETE with prevValue and/or prevIndex; prevValue null = not compared, prevIndex 0 = not compared. */
    Event compareAndDelete(String key, String prevValue, long prevIndex) throws StoreException;

    /**
     * Registers a watch on {@code key} (and its descendants if recursive). {@code sinceIndex} 0 = the next event;
     * otherwise the first matching event with index >= sinceIndex is delivered at once from history if there is one.
     *
     * @throws StoreException EVENT_INDEX_CLEARED (401) if sinceIndex is older than the history holds
     */
    Watch watch(String key, boolean recursive, boolean stream, long sinceIndex, WatchListener listener)
            throws StoreException;

    /** Removes every node whose expiration is at or before {@code cutoff}; each gets an expire event. */
    List<Event> deleteExpiredKeys(Instant cutoff);

    /** The earliest expiration of any node, if any node has one. */
    Optional<Instant> nextExpiration();

    /** The whole keyspace (nodes, TTLs, index) as bytes. */
    default byte[] save() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            save(out);
        } catch (IOException e) {
            throw new UncheckedIOException("a ByteArrayOutputStream does not fail", e);
        }
        return out.toByteArray();
    }

    /**
     * Writes what {@link #save()} returns to {@code out}, without an array of the whole keyspace in between (a
     * snapshot of a large store).
     */
    void save(OutputStream out) throws IOException;

    /** Replaces the keyspace with a {@link #save()}d one. Watchers and history are dropped. */
    void recover(byte[] snapshot) throws IOException;

    /** etcd's /v2/stats/store counters in etcd's order (getsSuccess ... expireCount, watchers). */
    LinkedHashMap<String, Long> stats();
}
