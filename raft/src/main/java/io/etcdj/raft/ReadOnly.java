package io.etcdj.raft;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pending ReadIndex requests on a leader (thesis §6.4): each remembers the commit index at arrival and collects
 * heartbeat acknowledgements carrying its context; once a quorum acknowledged, it and every older request are
 * answered.
 *
 * <p>A leader that has not yet committed an entry of its own term does not know the commit index a read must wait
 * for (its own may be behind its predecessor's): requests reaching it then are <em>held</em>, in arrival order, and
 * started once that entry commits (etcd's {@code pendingReadIndexMessages}). Held and pending requests together are
 * at most {@link #MAX_PENDING}; beyond that, and for a context already queued, a request is refused (the caller
 * answers it as dropped). Both queues are emptied when the node leaves the leader role: their answers would never
 * come, so the driver fails them (see {@link RawNode#readIndex}).
 */
final class ReadOnly {
    static final int MAX_PENDING = 4096;

    record Status(Message request, long index, Map<Long, Boolean> acks) {}

    private final LinkedHashMap<ByteBuffer, Status> pending = new LinkedHashMap<>();
    /** Requests waiting for the leader's first commit in its term; only ever non-empty while pending is empty. */
    private final LinkedHashMap<ByteBuffer, Message> held = new LinkedHashMap<>();

    /** Holds a request until the leader commits an entry of its term; false if full or the context is queued. */
    boolean hold(Message m) {
        ByteBuffer key = ByteBuffer.wrap(m.context());
        if (held.size() + pending.size() >= MAX_PENDING || held.containsKey(key) || pending.containsKey(key)) {
            return false;
        }
        held.put(key, m);
        return true;
    }

    /** Removes and returns the held requests, oldest first. */
    List<Message> releaseHeld() {
        if (held.isEmpty()) {
            return List.of();
        }
        List<Message> out = new ArrayList<>(held.values());
        held.clear();
        return out;
    }

    int heldCount() {
        return held.size();
    }

    /** Returns false if the request was dropped (queue full or duplicate context). */
    boolean addRequest(long index, Message m) {
        ByteBuffer key = ByteBuffer.wrap(m.context());
        if (held.size() + pending.size() >= MAX_PENDING || pending.containsKey(key) || held.containsKey(key)) {
            return false;
        }
        pending.put(key, new Status(m, index, new HashMap<>()));
        return true;
    }

    /** Records an ack and returns the acks so far, or null if the context is unknown. */
    Map<Long, Boolean> recvAck(long id, byte[] context) {
        Status s = pending.get(ByteBuffer.wrap(context));
        if (s == null) {
            return null;
        }
        s.acks().put(id, true);
        return s.acks();
    }

    /** Removes and returns every request up to and including the one with this context. */
    List<Status> advance(byte[] context) {
        ByteBuffer key = ByteBuffer.wrap(context);
        if (!pending.containsKey(key)) {
            return List.of();
        }
        List<Status> out = new ArrayList<>();
        Iterator<Map.Entry<ByteBuffer, Status>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<ByteBuffer, Status> e = it.next();
            out.add(e.getValue());
            it.remove();
            if (e.getKey().equals(key)) {
                break;
            }
        }
        return out;
    }

    byte[] lastPendingContext() {
        byte[] last = null;
        for (Status s : pending.values()) {
            last = s.request().context();
        }
        return last;
    }

    void reset() {
        pending.clear();
        held.clear();
    }
}
