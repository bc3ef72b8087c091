package io.etcdj.raft;

import io.etcdj.raft.quorum.VoteResult;
import io.etcdj.raft.tracker.Progress;
import io.etcdj.raft.tracker.ProgressTracker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Raft state machine: term and vote, the log, the role and its transitions. Roles are steps, not subclasses:
 * {@link #step} handles what every role does (terms, votes) and then switches on {@link #state} into
 * {@link LeaderRole}, {@link CandidateRole} or {@link FollowerRole}; {@link Replication} sends and receives log
 * entries. Package-private: {@link RawNode} is the only driver.
 */
final class Raft {
    static final long NONE = 0;
    /** Vote context marking an election started by leadership transfer: it overrides leases (§3.10 thesis). */
    static final byte[] CAMPAIGN_TRANSFER = "CampaignTransfer".getBytes(StandardCharsets.UTF_8);
    /** Outgoing messages not yet collected by {@link RawNode#ready()}; beyond this many, new ones are dropped. */
    static final int MAX_OUTBOX_MSGS = 1 << 16;

    final long id;
    final Config config;
    final RaftLogger log;
    final RaftLog raftLog;
    final ProgressTracker tracker;
    final ReadOnly readOnly = new ReadOnly();

    long term;
    long vote;
    long lead;
    StateType state = StateType.FOLLOWER;
    /** Leader: a conf change at or below this index may still be unapplied; only one may be pending at a time. */
    long pendingConfIndex;

    long uncommittedBytes;
    long leadTransferee;

    int electionElapsed;
    int heartbeatElapsed;
    int randomizedElectionTimeout;
    /**
     * True while this node must not start elections (the host's choice, e.g. a server's standby): it still counts
     * election time, so its leader lease expires as usual and it grants votes to others.
     */
    boolean campaignsHeld;
    /** Whether this node may have lost its log and must not vote yet: see {@link VoteHold}. */
    final VoteHold voteHold = new VoteHold();

    List<Message> msgs = new ArrayList<>();
    List<ReadState> readStates = new ArrayList<>();

    Raft(Config config, Storage storage) {
        config.validate();
        this.id = config.id();
        this.config = config;
        this.log = config.logger();
        this.raftLog = new RaftLog(storage, config.maxCommittedSizePerReadyBytes());
        this.tracker = new ProgressTracker(config.maxInflightMsgs());
        Storage.InitialState init = storage.initialState();
        tracker.setVoters(init.confState().voters(), raftLog.lastIndex() + 1);
        if (!init.hardState().isEmpty()) {
            loadState(init.hardState());
        }
        if (config.applied() > 0) {
            raftLog.appliedTo(config.applied());
        }
        becomeFollower(term, NONE);
    }

    private void loadState(HardState hs) {
        if (hs.commit() < raftLog.committed || hs.commit() > raftLog.lastIndex()) {
            throw new IllegalStateException(id + " state.commit " + hs.commit() + " is out of range ["
                    + raftLog.committed + ", " + raftLog.lastIndex() + "]");
        }
        raftLog.committed = hs.commit();
        term = hs.term();
        vote = hs.vote();
    }

    HardState hardState() {
        return new HardState(term, vote, raftLog.committed);
    }

    SoftState softState() {
        return new SoftState(lead, state);
    }

    boolean promotable() {
        return tracker.isVoter(id);
    }

    // ---- transitions ----

    void becomeFollower(long newTerm, long newLead) {
        reset(newTerm);
        lead = newLead;
        state = StateType.FOLLOWER;
        log.info(MemberIds.hex(id) + " became follower at term " + term);
    }

    void becomePreCandidate() {
        if (state == StateType.LEADER) {
            throw new IllegalStateException("invalid transition [leader -> pre-candidate]");
        }
        // Neither the term nor the vote changes: a pre-election must not disturb anyone.
        tracker.resetVotes();
        lead = NONE;
        state = StateType.PRE_CANDIDATE;
        log.info(MemberIds.hex(id) + " became pre-candidate at term " + term);
    }

    void becomeCandidate() {
        if (state == StateType.LEADER) {
            throw new IllegalStateException("invalid transition [leader -> candidate]");
        }
        reset(term + 1);
        vote = id;
        state = StateType.CANDIDATE;
        log.info(MemberIds.hex(id) + " became candidate at term " + term);
    }

    void becomeLeader() {
        if (state == StateType.FOLLOWER) {
            throw new IllegalStateException("invalid transition [follower -> leader]");
        }
        reset(term);
        lead = id;
        state = StateType.LEADER;
        tracker.progress(id).becomeReplicate();
        // No conf change until the entries of earlier terms, which may hold one, are applied (thesis §4.1 bug fix).
        pendingConfIndex = raftLog.lastIndex();
        // §5.4.2: an empty entry of the new term lets earlier entries commit.
        if (!appendEntry(List.of(new Entry(0, 0, EntryType.NORMAL, null)))) {
            throw new IllegalStateException("empty entry was dropped");
        }
        log.info(MemberIds.hex(id) + " became leader at term " + term);
    }

    private void reset(long newTerm) {
        if (term != newTerm) {
            term = newTerm;
            vote = NONE;
        }
        lead = NONE;
        electionElapsed = 0;
        heartbeatElapsed = 0;
        randomizedElectionTimeout = config.electionTicks() + config.random().nextInt(config.electionTicks());
        leadTransferee = NONE;
        tracker.resetVotes();
        tracker.resetProgress(raftLog.lastIndex(), id);
        pendingConfIndex = 0;
        uncommittedBytes = 0;
        readOnly.reset();
    }

    // ---- time ----

    void tick() {
        if (state == StateType.LEADER) {
            tickHeartbeat();
        } else {
            tickElection();
        }
    }

    private void tickElection() {
        electionElapsed++;
        voteHold.tick();
        if (promotable() && !campaignsHeld && !voteHold.held() && electionElapsed >= randomizedElectionTimeout) {
            electionElapsed = 0;
            step(local(MessageType.MsgHup));
        }
    }

    private void tickHeartbeat() {
        heartbeatElapsed++;
        electionElapsed++;
        if (electionElapsed >= config.electionTicks()) {
            electionElapsed = 0;
            if (config.checkQuorum()) {
                step(local(MessageType.MsgCheckQuorum));
            }
            if (state == StateType.LEADER && leadTransferee != NONE) {
                abortLeaderTransfer(); // the transferee did not catch up within an election timeout
            }
        }
        if (state != StateType.LEADER) {
            return;
        }
        if (heartbeatElapsed >= config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            step(local(MessageType.MsgBeat));
        }
    }

    Message local(MessageType type) {
        return Message.builder(type).from(id).build();
    }

    // ---- messages ----

    void step(Message m) {
        if (m.term() > term) {
            if (m.type() == MessageType.MsgVote || m.type() == MessageType.MsgPreVote) {
                boolean force = Arrays.equals(m.context(), CAMPAIGN_TRANSFER);
                boolean inLease = config.checkQuorum() && lead != NONE && electionElapsed < config.electionTicks();
                if (!force && inLease) {
                    // We heard from a leader within the minimum election timeout: the candidate is disruptive.
                    return;
                }
            }
            if (m.type() == MessageType.MsgPreVote
                    || (m.type() == MessageType.MsgPreVoteResp
                            && (!m.reject() || Arrays.equals(m.context(), VoteHold.REFUSAL)))) {
                // A pre-vote never changes our term; a granted pre-vote's term is bumped when the election runs.
            } else if (m.type() == MessageType.MsgApp
                    || m.type() == MessageType.MsgHeartbeat
                    || m.type() == MessageType.MsgSnap) {
                becomeFollower(m.term(), m.from());
            } else {
                becomeFollower(m.term(), NONE);
            }
        } else if (m.term() < term && m.term() != 0) {
            stepStale(m);
            return;
        }
        switch (m.type()) {
            case MsgHup -> hup(false);
            case MsgVote, MsgPreVote -> handleVoteRequest(m);
            default -> {
                switch (state) {
                    case LEADER -> LeaderRole.step(this, m);
                    case CANDIDATE, PRE_CANDIDATE -> CandidateRole.step(this, m);
                    case FOLLOWER -> FollowerRole.step(this, m);
                }
            }
        }
    }

    private void stepStale(Message m) {
        if ((config.checkQuorum() || config.preVote())
                && (m.type() == MessageType.MsgHeartbeat || m.type() == MessageType.MsgApp)) {
            // A deposed leader cut off from the cluster learns the new term from this answer and steps down;
            // without it, pre-vote or check-quorum could leave it stranded forever.
            send(Message.builder(MessageType.MsgAppResp).to(m.from()).build());
        } else if (m.type() == MessageType.MsgPreVote || m.type() == MessageType.MsgVote) {
            // The candidate learns our term from the refusal (thesis §3.3: a stale request is rejected, and the answer
            // carries the current term). Ignoring a stale MsgVote, as etcd-raft does, can stall a cluster that runs
            // without pre-vote: a member left with an old configuration that lacks the up-to-date voter campaigns
            // at ever higher terms that voter never hears of, while the voter's requests, always at a lower term, are
            // dropped; neither can win, forever (SimulationTest found such schedules).
            send(Message.builder(m.type().voteResponse())
                    .to(m.from())
                    .term(term)
                    .reject(true)
                    .build());
        }
    }

    private void handleVoteRequest(Message m) {
        boolean canVote = !voteHold.held()
                && (vote == m.from()
                        || (vote == NONE && lead == NONE)
                        || (m.type() == MessageType.MsgPreVote && m.term() > term));
        if (canVote && raftLog.isUpToDate(m.index(), m.logTerm())) {
            send(Message.builder(m.type().voteResponse())
                    .to(m.from())
                    .term(m.term())
                    .build());
            if (m.type() == MessageType.MsgVote) {
                electionElapsed = 0;
                vote = m.from();
            }
        } else if (voteHold.held()) {
            // At the request's term, like a grant: a pre-candidate must not take it for news of a later term, and may
            // count it (VoteHold.mayCount).
            send(Message.builder(m.type().voteResponse())
                    .to(m.from())
                    .term(Math.max(term, m.term()))
                    .reject(true)
                    .context(VoteHold.REFUSAL)
                    .build());
        } else {
            send(Message.builder(m.type().voteResponse())
                    .to(m.from())
                    .term(term)
                    .reject(true)
                    .build());
        }
    }

    void hup(boolean transfer) {
        if (state == StateType.LEADER) {
            return;
        }
        if (!promotable()) {
            log.warn(MemberIds.hex(id) + " is unpromotable and can not campaign");
            return;
        }
        if (campaignsHeld) {
            log.info(MemberIds.hex(id) + " holds its campaigns and does not start an election");
            return;
        }
        if (voteHold.held()) {
            log.info(MemberIds.hex(id) + " has not caught up with a leader since it started on an empty log and does"
                    + " not start an election");
            return;
        }
        if (hasUnappliedConfChanges()) {
            log.warn(MemberIds.hex(id) + " cannot campaign at term " + term
                    + " since there are still pending configuration changes");
            return;
        }
        log.info(MemberIds.hex(id) + " is starting a new election at term " + term);
        if (config.preVote() && !transfer) {
            campaign(true, false);
        } else {
            campaign(false, transfer);
        }
    }

    private boolean hasUnappliedConfChanges() {
        long lo = Math.max(raftLog.applied + 1, raftLog.firstIndex());
        if (lo > raftLog.committed) {
            return false;
        }
        for (Entry e : raftLog.slice(lo, raftLog.committed + 1, Long.MAX_VALUE)) {
            if (e.type() == EntryType.CONF_CHANGE) {
                return true;
            }
        }
        return false;
    }

    void campaign(boolean preElection, boolean transfer) {
        MessageType voteType;
        long voteTerm;
        if (preElection) {
            becomePreCandidate();
            voteType = MessageType.MsgPreVote;
            voteTerm = term + 1; // the term we would use, so that voters can judge it without changing theirs
        } else {
            becomeCandidate();
            voteType = MessageType.MsgVote;
            voteTerm = term;
        }
        if (poll(id, voteType.voteResponse(), true) == VoteResult.WON) {
            wonElection(preElection); // a single-voter cluster
            return;
        }
        for (long voter : tracker.voters().ids()) {
            if (voter == id) {
                continue;
            }
            send(Message.builder(voteType)
                    .to(voter)
                    .term(voteTerm)
                    .index(raftLog.lastIndex())
                    .logTerm(raftLog.lastTerm())
                    .context(transfer ? CAMPAIGN_TRANSFER : null)
                    .build());
        }
    }

    void wonElection(boolean preElection) {
        if (preElection) {
            campaign(false, false);
        } else {
            becomeLeader();
            Replication.bcastAppend(this);
        }
    }

    VoteResult poll(long from, MessageType type, boolean granted) {
        log.info(MemberIds.hex(id) + " received " + type + (granted ? "" : " rejection") + " from "
                + MemberIds.hex(from) + " at term " + term);
        tracker.recordVote(from, granted);
        return tracker.tallyVotes();
    }

    /** Queues a message, stamping {@code from} (unless set: a forwarded transfer request names the transferee) and (except proposals, read requests and votes) the term. */
    void send(Message m) {
        Message.Builder b = m.toBuilder().from(m.from() == NONE ? id : m.from());
        switch (m.type()) {
            case MsgVote, MsgVoteResp, MsgPreVote, MsgPreVoteResp -> {} // term set by the caller
            case MsgProp, MsgReadIndex -> {} // forwarded as is: they are not bound to a term
            default -> {
                if (m.term() != 0) {
                    throw new IllegalStateException("term should not be set when sending " + m.type());
                }
                b.term(term);
            }
        }
        if (msgs.size() >= MAX_OUTBOX_MSGS) {
            log.warn(MemberIds.hex(id) + " outbox full, dropping " + m.type() + " to " + MemberIds.hex(m.to()));
            return;
        }
        msgs.add(b.build());
    }

    // ---- log ----

    /** Leader: appends entries of the current term; false if they would exceed the uncommitted-bytes limit. */
    boolean appendEntry(List<Entry> entries) {
        long bytes = 0;
        for (Entry e : entries) {
            bytes += e.data().length;
        }
        if (uncommittedBytes > 0 && bytes > 0 && uncommittedBytes + bytes > config.maxUncommittedEntriesBytes()) {
            return false;
        }
        uncommittedBytes += bytes;
        long li = raftLog.lastIndex();
        List<Entry> stamped = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            stamped.add(entries.get(i).withTermAndIndex(term, li + 1 + i));
        }
        li = raftLog.append(stamped);
        // The leader counts its own append at once; safe because replies are only processed after advance(),
        // that is after the caller persisted this Ready (see RawNode).
        tracker.progress(id).maybeUpdate(li);
        maybeCommit();
        return true;
    }

    boolean maybeCommit() {
        long before = raftLog.committed;
        if (!raftLog.maybeCommit(tracker.committed(), term)) {
            return false;
        }
        for (Entry e : raftLog.slice(before + 1, raftLog.committed + 1, Long.MAX_VALUE)) {
            uncommittedBytes = Math.max(0, uncommittedBytes - e.data().length);
        }
        if (state == StateType.LEADER) {
            LeaderRole.releaseHeldReads(this); // the first commit of the term fixes their read index
        }
        return true;
    }

    void abortLeaderTransfer() {
        leadTransferee = NONE;
    }

    boolean committedEntryInCurrentTerm() {
        return raftLog.termOrZero(raftLog.committed) == term;
    }

    ConfState applyConfChange(ConfChange cc) {
        return Membership.applyConfChange(this, cc);
    }

    Progress selfProgress() {
        return tracker.progress(id);
    }
}
