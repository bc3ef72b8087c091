package io.etcdj.raft;

import io.etcdj.raft.tracker.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one public driver of a Raft node. Not thread-safe, by design: one thread owns it, calls its inputs
 * ({@link #tick()}, {@link #step}, {@link #propose}, ...), and loops: {@code if (hasReady()) { rd = ready();
 * handle rd as documented on Ready; advance(rd); }}. Inputs may be given between {@code ready()} and
 * {@code advance()}; their output waits for the next Ready. Only one Ready may be outstanding.
 */
public final class RawNode {
    private final Raft raft;
    private SoftState prevSoftState;
    private HardState prevHardState;
    private Ready outstanding;

    /** Starts (or restarts) a node from what {@code storage} holds. */
    public RawNode(Config config, Storage storage) {
        this.raft = new Raft(config, storage);
        this.prevSoftState = raft.softState();
        this.prevHardState = raft.hardState();
    }

    /**
     * Initial setup of a new cluster's member: the storage must be empty. Puts one committed conf-change entry per
     * peer into the log at term 1 (they appear in the first Ready, to persist and to apply like any other), so every
     * member, and any member added later, learns the initial membership from the log itself.
     */
    public void bootstrap(List<Long> peers) {
        bootstrapWith(peers.stream().map(ConfChange::addNode).toList());
    }

    /**
     * As {@link #bootstrap(List)}, with each member's conf change given whole, so that its context (the member's
     * name and URLs) is in the log for every later member to read.
     */
    public void bootstrapWith(List<ConfChange> members) {
        List<Long> peers = members.stream().map(ConfChange::nodeId).toList();
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("must provide at least one peer to bootstrap");
        }
        if (raft.raftLog.lastIndex() != 0) {
            throw new IllegalStateException("can't bootstrap a nonempty storage");
        }
        raft.becomeFollower(1, Raft.NONE);
        List<Entry> ents = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            if (members.get(i).type() != ConfChangeType.ADD_NODE) {
                throw new IllegalArgumentException("bootstrap takes additions only: " + members.get(i));
            }
            ents.add(new Entry(1, i + 1, EntryType.CONF_CHANGE, members.get(i).encode()));
        }
        raft.raftLog.append(ents);
        raft.raftLog.committed = ents.size();
        // Apply now so that the node can campaign at once; the caller will apply them again, harmlessly.
        for (long peer : peers) {
            raft.applyConfChange(ConfChange.addNode(peer));
        }
        prevHardState = HardState.EMPTY; // the first Ready carries term 1 and commit
    }

    /** One unit of logical time: drives election timeouts and heartbeats. */
    public void tick() {
        raft.tick();
    }

    /**
     * While held, this node starts no election (neither on its timer, nor on {@link #campaign}, nor on a leader's
     * transfer), but it keeps counting election time and votes as usual: a member that must not lead, or whose place
     * in the configuration is not settled, stays out of elections without blocking anyone else's.
     */
    public void holdCampaigns(boolean held) {
        raft.campaignsHeld = held;
    }

    /**
     * For a node that may have lost votes it granted and entries it acknowledged (it starts on an empty log under an
     * id the cluster may already count): it grants no vote and starts no election until it has committed every entry
     * committed before it came back, as its leader's read index tells ({@code VoteHold}). Ends by itself; the host
     * keeps the hold across restarts until {@link #votesHeld()} says it ended, read when a Ready is taken and acted
     * on once that Ready is persisted.
     */
    public void holdVotesUntilCaughtUp() {
        raft.voteHold.start(raft);
    }

    /** See {@link #holdVotesUntilCaughtUp()}. */
    public boolean votesHeld() {
        return raft.voteHold.held();
    }

    /** Starts an election now (pre-election first if enabled). */
    public void campaign() {
        raft.step(raft.local(MessageType.MsgHup));
    }

    /** @throws ProposalDroppedException if no leader is known or this leader cannot take it now */
    public void propose(byte[] data) {
        raft.step(Message.builder(MessageType.MsgProp)
                .from(raft.id)
                .entries(List.of(new Entry(0, 0, EntryType.NORMAL, data)))
                .build());
    }

    /**
     * Proposes several entries as one message: a batch is appended (and sent to followers) together, which is how a
     * busy leader amortises the per-proposal work.
     *
     * @throws ProposalDroppedException as {@link #propose}; then none of the batch was taken
     */
    public void proposeAll(List<byte[]> batch) {
        List<Entry> entries = new ArrayList<>(batch.size());
        for (byte[] data : batch) {
            entries.add(new Entry(0, 0, EntryType.NORMAL, data));
        }
        raft.step(Message.builder(MessageType.MsgProp)
                .from(raft.id)
                .entries(entries)
                .build());
    }

    /** Proposes a membership change; once committed, the caller applies it with {@link #applyConfChange}. */
    public void proposeConfChange(ConfChange cc) {
        raft.step(Message.builder(MessageType.MsgProp)
                .from(raft.id)
                .entries(List.of(new Entry(0, 0, EntryType.CONF_CHANGE, cc.encode())))
                .build());
    }

    /** Applies a committed conf change and returns the membership that results. */
    public ConfState applyConfChange(ConfChange cc) {
        return raft.applyConfChange(cc);
    }

    /**
     * Feeds a message received from a peer. Local message types are refused; responses from non-members are
     * ignored; a forwarded proposal the leader cannot take is dropped silently (the proposer will retry).
     */
    public void step(Message m) {
        if (m.type().isLocal()) {
            throw new IllegalArgumentException("cannot step raft local message " + m.type());
        }
        if (m.type().isResponse() && raft.tracker.progress(m.from()) == null) {
            return;
        }
        try {
            raft.step(m);
        } catch (ProposalDroppedException e) {
            // A forwarded request that cannot be served here is lost, like any message; its sender retries.
            raft.log.info(MemberIds.hex(raft.id) + " dropped " + m.type() + " from " + MemberIds.hex(m.from()) + ": "
                    + e.getMessage());
        }
    }

    /** Asks the leader to hand leadership to {@code transferee} (thesis §3.10). */
    public void transferLeadership(long transferee) {
        raft.step(
                Message.builder(MessageType.MsgTransferLeader).from(transferee).build());
    }

    /**
     * Requests a linearizable read point; the answer comes as a {@link ReadState} with this context in a later
     * Ready. {@code context} must be unique among pending requests. A leader that has not yet committed an entry of
     * its term holds the request until it has (bounded, see ReadOnly); a follower forwards it to the leader.
     *
     * <p>An accepted request gets no answer if leadership changes first (a leader drops its queued reads when it
     * steps down; a forwarded request may be lost like any message): the caller fails such reads when it sees the
     * change in a Ready's soft state, or after a timeout.
     *
     * @throws ProposalDroppedException if no leader is known (an election is under way), or the leader's read queue
     *                                  is full or already holds this context
     */
    public void readIndex(byte[] context) {
        if (raft.lead == Raft.NONE) {
            // A (pre-)candidate would otherwise drop it silently, and the caller would wait for nothing.
            throw new ProposalDroppedException("no leader at term " + raft.term + " to serve a read");
        }
        raft.step(Message.builder(MessageType.MsgReadIndex)
                .from(raft.id)
                .context(context)
                .build());
    }

    /** The transport could not reach {@code id}: stop pipelining to it. */
    public void reportUnreachable(long id) {
        raft.step(Message.builder(MessageType.MsgUnreachable).from(id).build());
    }

    /** The snapshot sent to {@code id} was delivered (or not). */
    public void reportSnapshot(long id, boolean failed) {
        raft.step(Message.builder(MessageType.MsgSnapStatus)
                .from(id)
                .reject(failed)
                .build());
    }

    public boolean hasReady() {
        if (outstanding != null) {
            return false;
        }
        RaftLog log = raft.raftLog;
        return !raft.softState().equals(prevSoftState)
                || !raft.hardState().equals(prevHardState)
                || log.unstable.snapshot != null
                || !log.unstable.entries.isEmpty()
                || !raft.msgs.isEmpty()
                || !raft.readStates.isEmpty()
                || log.hasNextCommittedEnts();
    }

    /** What to persist, send and apply now; see {@link Ready} for the contract. */
    public Ready ready() {
        if (outstanding != null) {
            throw new IllegalStateException("ready() called again before advance()");
        }
        RaftLog log = raft.raftLog;
        SoftState ss = raft.softState();
        HardState hs = raft.hardState();
        List<Entry> entries = log.unstableEntries();
        boolean mustSync = !entries.isEmpty()
                || log.unstable.snapshot != null
                || hs.term() != prevHardState.term()
                || hs.vote() != prevHardState.vote();
        Ready rd = new Ready(
                ss.equals(prevSoftState) ? null : ss,
                hs.equals(prevHardState) ? null : hs,
                List.copyOf(raft.readStates),
                entries,
                log.unstable.snapshot,
                log.nextCommittedEnts(),
                List.copyOf(RedundantMessages.drop(raft.msgs)),
                mustSync);
        raft.msgs = new ArrayList<>();
        raft.readStates = new ArrayList<>();
        prevSoftState = ss;
        prevHardState = hs;
        outstanding = rd;
        return rd;
    }

    /** The caller finished handling {@code rd}: entries are persisted and committed entries applied. */
    public void advance(Ready rd) {
        if (rd != outstanding) {
            throw new IllegalStateException("advance() with a Ready that is not the outstanding one");
        }
        outstanding = null;
        RaftLog log = raft.raftLog;
        if (rd.snapshot() != null) {
            log.unstable.stableSnapTo(rd.snapshot().index());
            if (rd.snapshot().index() > log.applied) {
                log.applied = rd.snapshot().index();
            }
        }
        if (!rd.entries().isEmpty()) {
            Entry last = rd.entries().get(rd.entries().size() - 1);
            log.unstable.stableTo(last.index(), last.term());
        }
        if (!rd.committedEntries().isEmpty()) {
            log.appliedTo(
                    rd.committedEntries().get(rd.committedEntries().size() - 1).index());
        }
    }

    public Status status() {
        Map<Long, String> progress = new TreeMap<>();
        if (raft.state == StateType.LEADER) {
            raft.tracker.visit((id, pr) -> progress.put(id, pr.toString()));
        }
        return new Status(
                raft.id, raft.hardState(), raft.softState(), raft.raftLog.applied, raft.raftLog.lastIndex(), progress);
    }

    /** The leader's progress for a member, for tests and metrics; null if unknown or not leader. */
    Progress progress(long id) {
        return raft.state == StateType.LEADER ? raft.tracker.progress(id) : null;
    }

    Raft raft() {
        return raft;
    }
}
