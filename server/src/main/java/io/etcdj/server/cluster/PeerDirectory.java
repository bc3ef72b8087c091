package io.etcdj.server.cluster;

import io.etcdj.peer.PeerTransport;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which members the transport connects to, and at which URL. Two threads feed it: the Raft thread when it applies a
 * membership change, and the apply thread whenever /_etcd/machines changes (after a snapshot, say). Thread-safe.
 */
final class PeerDirectory {
    private final long selfId;
    private final PeerTransport transport;
    /** The URL the transport was last given per member, so that unchanged members keep their connection. */
    private final Map<Long, String> urls = new ConcurrentHashMap<>();
    /**
     * Members whose removal the Raft thread applied: the apply thread, which may still be applying entries from
     * before the removal, must not give them back to the transport.
     */
    private final Set<Long> removed = ConcurrentHashMap.newKeySet();

    PeerDirectory(long selfId, PeerTransport transport) {
        this.selfId = selfId;
        this.transport = transport;
    }

    /** Tells the transport where a member listens, unless it already knows that very URL (or it was removed). */
    void add(long id, String peerUrl) {
        if (id != selfId && !removed.contains(id) && !peerUrl.equals(urls.put(id, peerUrl))) {
            transport.addPeer(id, peerUrl);
        }
    }

    /** Raft thread: the member was (re-)added by a membership change. */
    void added(long id, String peerUrl) {
        removed.remove(id);
        add(id, peerUrl);
    }

    /** True for a member the transport was told of and that has not been removed since (any thread). */
    boolean knows(long id) {
        return urls.containsKey(id) && !removed.contains(id);
    }

    /** Raft thread: the member was removed by a membership change. */
    void removed(long id) {
        removed.add(id);
        if (urls.remove(id) != null) {
            transport.removePeer(id);
        }
    }
}
