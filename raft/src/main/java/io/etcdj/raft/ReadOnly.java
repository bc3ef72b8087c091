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
 * answered. At most {@link #MAX_PENDING} are held; more are dropped.
 */
final class ReadOnly {
    static final int MAX_PENDING = 4096;

    record Status(Message request, long index, Map<Long, Boolean> acks) {
    }

    private final LinkedHashMap<ByteBuffer, Status> pending = new LinkedHashMap<>();

    /** Returns false if the request was dropped (queue full or duplicate context). */
    boolean addRequest(long index, Message m) {
        ByteBuffer key = ByteBuffer.wrap(m.context());
        if (pending.size() >= MAX_PENDING || pending.containsKey(key)) {
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
    }
}
