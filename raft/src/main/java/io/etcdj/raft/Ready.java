package io.etcdj.raft;

import java.util.List;

/**
 * Everything Raft needs the caller to do, handed out by {@link RawNode#ready()}. Handle it in this order, then call
 * {@link RawNode#advance(Ready)}:
 * <ol>
 *   <li>Persist {@code entries}, {@code hardState} (if non-null) and {@code snapshot} (if non-null), durably (fsync)
 *       if {@code mustSync}. Entries may replace persisted entries at the same indexes (truncate them).</li>
 *   <li>Send {@code messages}. They must not leave before step 1 is durable, because votes and append
 *       acknowledgements promise persisted state. (Thesis §10.2.1: a leader may send its MsgApps in parallel with
 *       its own persist, because the leader only counts itself among the replicas of an entry when processing
 *       acknowledgements, which happens after {@code advance}. This implementation allows it only for a node whose
 *       {@code softState}/{@link RawNode#status()} says it is leader, and the caller must still finish step 1
 *       before calling {@code advance}.)</li>
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
 * @param messages         messages to send after step 1
 * @param mustSync         whether step 1 must be synchronous (term, vote, entries or snapshot changed)
 */
public record Ready(SoftState softState, HardState hardState, List<ReadState> readStates, List<Entry> entries,
                    Snapshot snapshot, List<Entry> committedEntries, List<Message> messages, boolean mustSync) {
    public boolean isEmpty() {
        return softState == null && hardState == null && readStates.isEmpty() && entries.isEmpty()
                && snapshot == null && committedEntries.isEmpty() && messages.isEmpty();
    }
}
