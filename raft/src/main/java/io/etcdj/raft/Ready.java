package io.etcdj.raft;

import java.util.List;

/**
 * Everything Raft needs the caller to do, handed out by {@link RawNode#ready()}. Handle it in this order, then call
 * {@link RawNode#advance(Ready)}:
 * <ol>
 *   <li>Persist {@code entries}, {@code hardState} (if non-null) and {@code snapshot} (if non-null), durably (fsync)
 *       if {@code mustSync}. Entries may replace persisted entries at the same indexes (truncate them).</li>
 *   <li>Send {@code messages}, after step 1 is durable: a vote or an append acknowledgement promises persisted
 *       state. The one exception (Raft thesis §10.2.1): messages of type {@link MessageType#MsgApp},
 *       {@link MessageType#MsgSnap} and {@link MessageType#MsgHeartbeat} may be sent while step 1 is still running,
 *       so that a leader's followers write in parallel with the leader's own disk. This is safe because they promise
 *       nothing about this node's disk: the leader counts its own copy of an entry only when computing the commit
 *       index, and no commit index computed after this Ready leaves the node before the next Ready, which exists
 *       only after {@link RawNode#advance}. Step 1 must still be complete before {@code advance}. (The simulation
 *       exercises this: leaders sometimes send these and crash before persisting.)</li>
 *   <li>Apply {@code snapshot} then {@code committedEntries} to the state machine, in order. A
 *       {@link EntryType#CONF_CHANGE} entry is applied by calling {@link RawNode#applyConfChange}.</li>
 *   <li>Serve {@code readStates} once their index is applied.</li>
 * </ol>
 *
 * @param softState        non-null if leader or role changed since the previous Ready
 * @param hardState        non-null if term, vote or commit changed
 * @param readStates       answered ReadIndex requests
 * @param entries          entries to append to stable storage
 * @param snapshot         non-null if a snapshot must be persisted and applied
 * @param committedEntries entries to apply (already persisted, or persisted in step 1 of this Ready)
 * @param messages         messages to send after step 1, in the order Raft sent them, less those a later message of
 *                         this Ready to the same peer makes redundant ({@link RedundantMessages})
 * @param mustSync         whether step 1 must be synchronous (term, vote, entries or snapshot changed)
 */
public record Ready(
        SoftState softState,
        HardState hardState,
        List<ReadState> readStates,
        List<Entry> entries,
        Snapshot snapshot,
        List<Entry> committedEntries,
        List<Message> messages,
        boolean mustSync) {
    public boolean isEmpty() {
        return softState == null
                && hardState == null
                && readStates.isEmpty()
                && entries.isEmpty()
                && snapshot == null
                && committedEntries.isEmpty()
                && messages.isEmpty();
    }
}
