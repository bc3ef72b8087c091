package io.etcdj.raft;

import java.util.List;
import java.util.Objects;

/**
 * A Raft message. Plain fields so that a transport can map it one-to-one onto protobuf.
 *
 * @param logTerm    MsgApp: term of the entry at {@code index}; votes: the candidate's last term; a rejected
 *                   MsgAppResp: the follower's term at {@code rejectHint}
 * @param index      MsgApp: the index preceding {@code entries}; votes: the candidate's last index; MsgAppResp: the
 *                   last index the follower has (or, rejected, the index it was probed at)
 * @param rejectHint a rejected MsgAppResp: a guess of the follower's matching index, to skip probing one by one
 * @param snapshot   MsgSnap only, else null
 * @param context    opaque bytes: campaign kind of a vote, a ReadIndex request id; never null
 */
public record Message(
        MessageType type,
        long from,
        long to,
        long term,
        long logTerm,
        long index,
        List<Entry> entries,
        long commit,
        boolean reject,
        long rejectHint,
        Snapshot snapshot,
        byte[] context) {
    public Message {
        Objects.requireNonNull(type, "type");
        entries = entries == null ? List.of() : entries;
        context = context == null ? Entry.EMPTY : context;
    }

    public static Builder builder(MessageType type) {
        return new Builder(type);
    }

    public Builder toBuilder() {
        return new Builder(type)
                .from(from)
                .to(to)
                .term(term)
                .logTerm(logTerm)
                .index(index)
                .entries(entries)
                .commit(commit)
                .reject(reject)
                .rejectHint(rejectHint)
                .snapshot(snapshot)
                .context(context);
    }

    @Override
    public String toString() {
        return Describe.message(this);
    }

    /** Builder, because most messages set a handful of the twelve fields. */
    public static final class Builder {
        private final MessageType type;
        private long from;
        private long to;
        private long term;
        private long logTerm;
        private long index;
        private List<Entry> entries = List.of();
        private long commit;
        private boolean reject;
        private long rejectHint;
        private Snapshot snapshot;
        private byte[] context = Entry.EMPTY;

        private Builder(MessageType type) {
            this.type = type;
        }

        public Builder from(long v) {
            from = v;
            return this;
        }

        public Builder to(long v) {
            to = v;
            return this;
        }

        public Builder term(long v) {
            term = v;
            return this;
        }

        public Builder logTerm(long v) {
            logTerm = v;
            return this;
        }

        public Builder index(long v) {
            index = v;
            return this;
        }

        public Builder entries(List<Entry> v) {
            entries = v;
            return this;
        }

        public Builder commit(long v) {
            commit = v;
            return this;
        }

        public Builder reject(boolean v) {
            reject = v;
            return this;
        }

        public Builder rejectHint(long v) {
            rejectHint = v;
            return this;
        }

        public Builder snapshot(Snapshot v) {
            snapshot = v;
            return this;
        }

        public Builder context(byte[] v) {
            context = v;
            return this;
        }

        public Message build() {
            return new Message(
                    type, from, to, term, logTerm, index, entries, commit, reject, rejectHint, snapshot, context);
        }
    }
}
