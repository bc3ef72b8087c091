package io.etcdj.peer.inmem;

import io.etcdj.raft.Message;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The wire between {@link InMemoryPeerTransport}s of one process, with the faults a test wants to cause: links cut
 * (one way, both ways, a partition, an isolated member) and messages dropped by a predicate. A cut link behaves like
 * a peer that is down (the sender is told it is unreachable); a dropped message is lost silently, like a packet.
 */
public final class Network implements AutoCloseable {
    private final Map<String, InMemoryPeerTransport> byUrl = new ConcurrentHashMap<>();
    /** Directed cut links, as "from->to". */
    private final Set<String> cut = ConcurrentHashMap.newKeySet();

    private volatile Predicate<Message> drop = m -> false;
    /** Membership calls run here, never on a member's delivery thread, so a handler may wait for Raft. */
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "etcdj-inmem-call");
        t.setDaemon(true);
        return t;
    });

    /** Stops messages from {@code from} to {@code to} (one direction only). */
    public void cut(long from, long to) {
        cut.add(from + "->" + to);
    }

    /** Cuts every link between a member of {@code side} and a member outside it, both ways. */
    public void partition(Set<Long> side, Set<Long> rest) {
        for (long a : side) {
            for (long b : rest) {
                cut(a, b);
                cut(b, a);
            }
        }
    }

    /** Cuts {@code id} off from every member in {@code others}, both ways. */
    public void isolate(long id, Set<Long> others) {
        partition(Set.of(id), others);
    }

    /** Restores every link and stops dropping. */
    public void heal() {
        cut.clear();
        drop = m -> false;
    }

    /** Loses every message (snapshots included) for which {@code predicate} holds, until {@link #heal()}. */
    public void dropIf(Predicate<Message> predicate) {
        drop = predicate;
    }

    boolean linked(long from, long to) {
        return !cut.contains(from + "->" + to);
    }

    boolean dropped(Message m) {
        return drop.test(m);
    }

    void register(String url, InMemoryPeerTransport transport) {
        if (byUrl.putIfAbsent(url, transport) != null) {
            throw new IllegalStateException("address in use: " + url);
        }
    }

    void unregister(String url, InMemoryPeerTransport transport) {
        byUrl.remove(url, transport);
    }

    /** The transport listening at {@code url}, or null if none is (the member is down). */
    InMemoryPeerTransport at(String url) {
        return byUrl.get(url);
    }

    ExecutorService calls() {
        return calls;
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
