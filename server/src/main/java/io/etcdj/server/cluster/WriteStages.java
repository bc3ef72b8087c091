package io.etcdj.server.cluster;

import io.etcdj.raft.Entry;
import io.etcdj.raft.EntryType;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.etcdj.raft.Ready;
import java.util.List;

/**
 * Where the leader's client writes spend their time, stage by stage ({@link WriteStage}), for the metrics. It only
 * observes the write path: each hook reads the clock and writes a few longs into fixed arrays, nothing allocated per
 * write, and each finished stage is handed to {@link Timings}.
 *
 * <p>Two rings of {@value #SLOTS} slots. Until Raft gives a write its log index, the write is known by its request id:
 * the <em>request ring</em> (slot = id mod {@value #SLOTS}) holds when it was registered and when it was proposed.
 * When the Ready that carries the entry is persisted, the write moves to the <em>index ring</em> (slot = log index
 * mod {@value #SLOTS}), which holds its request id, when it was registered (for the end-to-end time) and when its
 * last stage ended. Every slot carries a tag (the id or the index it holds) that each later stage checks: a slot
 * overwritten by a write {@value #SLOTS} ids or indexes later, an entry replaced by another leader's, or a write this
 * member did not register is simply not measured from then on. Counts per stage may therefore differ a little; no
 * duration is ever negative (a clock read that would make one is dropped, or clamped where the stages genuinely
 * overlap, see {@link #readyPersisted}).
 *
 * <p>Threads: the HTTP threads write the request ring's slot for their own new id before offering the proposal to
 * the Raft thread (the inbox hands it over with a happens-before edge); the Raft thread writes everything else until
 * the committed entry goes to the apply thread through its queue (another edge); the apply thread writes the applied
 * time before completing the client's future, which the HTTP thread waits on (a third edge). A slot rewritten by a
 * much later write while an earlier reader looks at it is a data race the tags catch almost always; it can only
 * mis-measure one write, never fail one.
 */
final class WriteStages {
    /** Slots per ring, a power of two; at least the writes that may wait at once (RaftNode's bound, 16,384). */
    static final int SLOTS = 32_768;

    private static final int MASK = SLOTS - 1;

    private volatile Timings timings = Timings.NONE;

    // The request ring, by request id.
    private final long[] requestTag = new long[SLOTS];
    private final long[] registeredAt = new long[SLOTS];
    private final long[] proposedAt = new long[SLOTS];

    // The index ring, by log index.
    private final long[] indexTag = new long[SLOTS];
    private final long[] indexRequest = new long[SLOTS];
    private final long[] indexRegisteredAt = new long[SLOTS];
    private final long[] stageEndedAt = new long[SLOTS];

    /** Raft thread: when the Ready being handled was taken (committed entries were known committed then). */
    private long readyTakenAt;

    /** Raft thread, on a follower: when the oldest MsgApp not yet answered arrived, or 0. */
    private long appendReceivedAt;

    void observe(Timings timings) {
        this.timings = timings;
    }

    /** HTTP thread: a write was registered under {@code requestId} and is about to be offered to the Raft thread. */
    void registered(long requestId) {
        registered(requestId, System.nanoTime());
    }

    void registered(long requestId, long nowNanos) {
        int s = slot(requestId);
        registeredAt[s] = nowNanos;
        proposedAt[s] = 0;
        requestTag[s] = requestId;
    }

    /** Raft thread: these entries' data were just handed to Raft. */
    void proposed(List<byte[]> batch) {
        proposed(batch, System.nanoTime());
    }

    void proposed(List<byte[]> batch, long nowNanos) {
        for (byte[] data : batch) {
            long id = requestId(data);
            int s = slot(id);
            if (id != EntryData.NO_REQUEST && requestTag[s] == id) {
                proposedAt[s] = nowNanos;
            }
        }
    }

    /** Raft thread: a Ready was just taken from Raft. */
    void readyTaken() {
        readyTakenAt = System.nanoTime();
    }

    /**
     * Raft thread: the Ready taken last has been persisted (one fsync) and its messages handed to the transport;
     * {@code committed} are its committed entries not yet handed out ({@link #committedEarly} took the others).
     */
    void readyPersisted(Ready rd, List<Entry> committed) {
        readyPersisted(rd.entries(), committed, rd.messages(), readyTakenAt, System.nanoTime());
    }

    /**
     * Raft thread: committed entries of the Ready taken last that were already durable go to the apply thread before
     * this Ready's fsync; their committed stage ends now, before the apply thread can read the slot.
     */
    void committedEarly(List<Entry> committed) {
        recordCommitted(committed, readyTakenAt, timings);
    }

    /**
     * The entries were fsynced at {@code nowNanos}; the committed ones were known committed at {@code takenNanos}. A
     * single member's Ready can carry an entry both to persist and as committed: its committed stage is then zero
     * (the commit is only acted on after the fsync), never negative.
     */
    void readyPersisted(
            List<Entry> entries, List<Entry> committed, List<Message> messages, long takenNanos, long nowNanos) {
        Timings t = timings;
        for (Entry e : entries) {
            long id = e.type() == EntryType.NORMAL ? requestId(e.data()) : EntryData.NO_REQUEST;
            int s = slot(id);
            if (id == EntryData.NO_REQUEST || requestTag[s] != id || proposedAt[s] == 0) {
                continue;
            }
            requestTag[s] = 0; // moves to the index ring
            long queued = proposedAt[s] - registeredAt[s];
            long persisted = nowNanos - proposedAt[s];
            int i = slot(e.index());
            if (queued < 0 || persisted < 0) {
                indexTag[i] = 0;
                continue;
            }
            t.writeStage(WriteStage.QUEUED, queued);
            t.writeStage(WriteStage.PERSISTED, persisted);
            indexRequest[i] = id;
            indexRegisteredAt[i] = registeredAt[s];
            stageEndedAt[i] = nowNanos;
            indexTag[i] = e.index();
        }
        recordCommitted(committed, takenNanos, t);
        if (appendReceivedAt != 0) {
            for (Message m : messages) {
                if (m.type() == MessageType.MsgAppResp) {
                    if (nowNanos - appendReceivedAt >= 0) {
                        t.followerAppended(nowNanos - appendReceivedAt);
                    }
                    appendReceivedAt = 0;
                    break;
                }
            }
        }
    }

    private void recordCommitted(List<Entry> committed, long takenNanos, Timings t) {
        for (Entry e : committed) {
            int i = slot(e.index());
            if (indexTag[i] != e.index() || e.type() != EntryType.NORMAL || requestId(e.data()) != indexRequest[i]) {
                continue;
            }
            long committedAt = Math.max(takenNanos, stageEndedAt[i]);
            t.writeStage(WriteStage.COMMITTED, committedAt - stageEndedAt[i]);
            stageEndedAt[i] = committedAt;
        }
    }

    /** Raft thread, on a follower: a MsgApp arrived (the next MsgAppResp sent answers it). */
    void appendReceived() {
        if (appendReceivedAt == 0) {
            appendReceivedAt = System.nanoTime();
        }
    }

    /** Apply thread: the entry at {@code index}, request {@code requestId}, is applied; its future completes next. */
    void applied(long index, long requestId) {
        applied(index, requestId, System.nanoTime());
    }

    void applied(long index, long requestId, long nowNanos) {
        int i = slot(index);
        if (indexTag[i] != index || indexRequest[i] != requestId) {
            return;
        }
        long applied = nowNanos - stageEndedAt[i];
        if (applied < 0) {
            indexTag[i] = 0;
            return;
        }
        timings.writeStage(WriteStage.APPLIED, applied);
        stageEndedAt[i] = nowNanos;
    }

    /** HTTP thread: the response to the write applied at {@code index} was handed to the connection. */
    void answered(long index) {
        answered(index, System.nanoTime());
    }

    void answered(long index, long nowNanos) {
        int i = slot(index);
        long registered = indexRegisteredAt[i];
        long applied = stageEndedAt[i];
        if (indexTag[i] != index) {
            return;
        }
        indexTag[i] = 0; // answered once: a second answer for the same index is not a write of ours
        long answered = nowNanos - applied;
        long total = nowNanos - registered;
        if (answered < 0 || total < 0) {
            return;
        }
        Timings t = timings;
        t.writeStage(WriteStage.ANSWERED, answered);
        t.writeAnswered(total);
    }

    private static int slot(long key) {
        return (int) (key & MASK);
    }

    /** The entry's request id (its first 8 bytes, big-endian), or none; no allocation, unlike a ByteBuffer. */
    private static long requestId(byte[] data) {
        if (data.length < 8) {
            return EntryData.NO_REQUEST;
        }
        long id = 0;
        for (int k = 0; k < 8; k++) {
            id = (id << 8) | (data[k] & 0xFF);
        }
        return id;
    }
}
