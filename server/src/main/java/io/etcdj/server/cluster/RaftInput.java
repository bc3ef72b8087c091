package io.etcdj.server.cluster;

import io.etcdj.raft.ConfChange;
import io.etcdj.raft.Message;

/**
 * Everything other threads hand the Raft thread, through its one bounded inbox (see {@link RaftNode}): the Raft
 * core is single-threaded, so HTTP threads, transport threads and the membership code never touch it directly.
 *
 * <p>Sealed, and each kind delivers itself to its own method of {@link Handler}: a new kind of input does not
 * compile until the Raft thread handles it (Java 17 has no exhaustive switch over sealed types).
 */
sealed interface RaftInput {
    void deliverTo(Handler handler);

    /** The Raft thread's side: one method per kind of input. */
    interface Handler {
        void propose(byte[] entryData);

        void quorumRead(long requestId);

        void step(Message message);

        void reportUnreachable(long peerId);

        void reportSnapshot(long peerId, boolean failed);

        void transferLeadership(long transfereeId);

        void proposeConfChange(ConfChange change);

        void removalNoticed();
    }

    /** A client's write, already encoded as the entry's data (request id and command). Proposed in batches. */
    record Proposal(byte[] entryData) implements RaftInput {
        @Override
        public void deliverTo(Handler handler) {
            handler.propose(entryData);
        }
    }

    /** A quorum read waiting for a ReadIndex round; every read waiting shares one round. */
    record QuorumRead(long requestId) implements RaftInput {
        @Override
        public void deliverTo(Handler handler) {
            handler.quorumRead(requestId);
        }
    }

    /** A peer's message that passed the {@link InboundGate}. */
    record PeerMessage(Message message) implements RaftInput {
        @Override
        public void deliverTo(Handler handler) {
            handler.step(message);
        }
    }

    /** The transport could not reach a peer (Raft then probes it instead of streaming appends). */
    record Unreachable(long peerId) implements RaftInput {
        @Override
        public void deliverTo(Handler handler) {
            handler.reportUnreachable(peerId);
        }
    }

    /** How sending a snapshot to a peer ended. */
    record SnapshotSent(long peerId, boolean failed) implements RaftInput {
        @Override
        public void deliverTo(Handler handler) {
            handler.reportSnapshot(peerId, failed);
        }
    }

    /** Hand leadership to another voter (a peer's request, or this leader stopping). */
    record TransferLeadership(long transfereeId) implements RaftInput {
        @Override
        public void deliverTo(Handler handler) {
            handler.transferLeadership(transfereeId);
        }
    }

    /** A join or removal, from {@link Membership}. */
    record ConfChangeProposal(ConfChange change) implements RaftInput {
        @Override
        public void deliverTo(Handler handler) {
            handler.proposeConfChange(change);
        }
    }

    /** A peer said this member was removed; see {@link RemovalNotice}. */
    record RemovalNoticed() implements RaftInput {
        @Override
        public void deliverTo(Handler handler) {
            handler.removalNoticed();
        }
    }
}
