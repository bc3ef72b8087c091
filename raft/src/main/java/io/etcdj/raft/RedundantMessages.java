package io.etcdj.raft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drops the messages of one {@link Ready} that a later message of the same Ready to the same peer makes redundant, so
 * that a busy leader and its followers exchange fewer messages for the same work. Two cases, both in one term:
 * <ul>
 *   <li>An append with no entries (sent to carry a new commit index, or as a probe) followed by another append to the
 *       same follower: the later one carries a commit index at least as high (it only grows) and draws an answer
 *       just the same. Under load this is the common case: acknowledgements advance the commit index and send every
 *       follower an empty append, then the batch of proposals stepped in the same turn sends each the new entries.
 *       An empty append leaves a replicating follower's progress unchanged, and a probing follower is paused after
 *       its probe until an answer or heartbeat response resumes it, so dropping it changes no progress state.</li>
 *   <li>An append acknowledgement (not a rejection) followed by another to the same leader for an index at least as
 *       high: "my log matches yours up to i" says everything "... up to j" says when i &gt;= j. A follower that
 *       received several appends in one turn answers once.</li>
 * </ul>
 * Measured, three members at 64 writing connections: a leader's appends 35 % fewer, a follower's acknowledgements
 * 59 % fewer. Other messages, rejections and anything across another kind of message to the same peer (a snapshot,
 * a vote) are kept, in their order.
 */
final class RedundantMessages {
    private RedundantMessages() {}

    /** {@code messages} without the redundant ones, in order; the list itself when none is. */
    static List<Message> drop(List<Message> messages) {
        int n = messages.size();
        if (n < 2) {
            return messages;
        }
        boolean[] redundant = new boolean[n];
        int dropped = 0;
        // Walking back from the end: the latest kept append and acknowledgement to each peer so far.
        Map<Long, Message> laterAppend = new HashMap<>();
        Map<Long, Message> laterAck = new HashMap<>();
        for (int i = n - 1; i >= 0; i--) {
            Message m = messages.get(i);
            switch (m.type()) {
                case MsgApp -> {
                    Message later = laterAppend.get(m.to());
                    if (m.entries().isEmpty() && later != null && later.term() == m.term()) {
                        redundant[i] = true;
                        dropped++;
                    } else {
                        laterAppend.put(m.to(), m);
                    }
                }
                case MsgAppResp -> {
                    Message later = laterAck.get(m.to());
                    if (m.reject()) {
                        laterAck.remove(m.to());
                    } else if (later != null && later.term() == m.term() && later.index() >= m.index()) {
                        redundant[i] = true;
                        dropped++;
                    } else {
                        laterAck.put(m.to(), m);
                    }
                }
                case MsgHeartbeat, MsgHeartbeatResp -> {} // say nothing about appends
                default -> {
                    laterAppend.remove(m.to());
                    laterAck.remove(m.to());
                }
            }
        }
        if (dropped == 0) {
            return messages;
        }
        List<Message> kept = new ArrayList<>(n - dropped);
        for (int i = 0; i < n; i++) {
            if (!redundant[i]) {
                kept.add(messages.get(i));
            }
        }
        return kept;
    }
}
