package io.etcdj.server.cluster;

import io.etcdj.peer.PeerTransport;
import io.etcdj.raft.ConfChange;
import io.etcdj.raft.ConfChangeType;
import io.etcdj.raft.Entry;
import io.etcdj.raft.EntryType;
import io.etcdj.raft.MemberIds;
import io.etcdj.raft.Message;
import io.etcdj.raft.MessageType;
import io.etcdj.raft.RawNode;
import io.etcdj.raft.ReadState;
import io.etcdj.raft.Ready;
import io.etcdj.raft.Snapshot;
import io.etcdj.raft.SoftState;
import io.etcdj.raft.StateType;
import io.etcdj.server.command.ApplyResult;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Raft thread does with one {@link Ready}, in the order Raft requires: publish the new role and term; send
 * what may go before the fsync; hand the committed entries that are already durable to the {@link ApplyLoop}; persist
 * (one fsync for the whole batch); send the rest; apply membership changes to the Raft core and the transport; hand
 * the other committed entries and answered quorum reads to the apply loop; advance. Raft thread only.
 */
final class ReadyHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReadyHandler.class);

    private final String selfName;
    private final long selfId;
    private final RawNode rawNode;
    private final RaftStorage storage;
    private final RaftStatus status;
    private final PeerTransport transport;
    private final PeerDirectory peers;
    private final ApplyLoop applyLoop;
    private final PendingRequests<ApplyResult> proposals;
    private final QuorumReads reads;
    private final Members members;
    private final RaftStats stats;
    private final WriteStages writeStages;
    private final RejectedInput rejected;
    private final Clock clock;
    /** Told (on a thread of its own) when a membership change removes this member, the leader. */
    private final Runnable selfRemoved;
    /** Told (Raft thread) when a follower applies its own removal: believed once the leader is silent. */
    private final Runnable removalToConfirm;
    /** True while the member runs as a standby: a removal of itself in its log is then the one that made it one. */
    private final BooleanSupplier runsAsStandby;
    /** The last committed index handed to the apply loop (Raft refuses to campaign with unapplied conf changes). */
    private long handedOutIndex;

    ReadyHandler(
            RaftNode node,
            RawNode rawNode,
            RaftStatus status,
            PeerTransport transport,
            PeerDirectory peers,
            ApplyLoop applyLoop,
            PendingRequests<ApplyResult> proposals,
            QuorumReads reads,
            RejectedInput rejected,
            Clock clock,
            Runnable selfRemoved,
            Runnable removalToConfirm) {
        this.selfName = node.self().name();
        this.selfId = node.selfId();
        this.rawNode = rawNode;
        this.storage = node.storage();
        this.status = status;
        this.transport = transport;
        this.peers = peers;
        this.applyLoop = applyLoop;
        this.proposals = proposals;
        this.reads = reads;
        this.members = node.members();
        this.stats = node.stats();
        this.writeStages = node.writeStages();
        this.rejected = rejected;
        this.clock = clock;
        this.selfRemoved = selfRemoved;
        this.removalToConfirm = removalToConfirm;
        this.runsAsStandby = node::runsAsStandby;
    }

    long handedOutIndex() {
        return handedOutIndex;
    }

    void handle(Ready rd) throws IOException, InterruptedException {
        writeStages.readyTaken();
        boolean votesHeldAtReady = rawNode.votesHeld(); // nothing stepped the node since it handed out rd
        boolean wasLeader = status.isLeader();
        if (rd.hardState() != null) {
            status.term = rd.hardState().term(); // before the role: whoever sees "leader" sees the leader's term
        }
        if (rd.softState() != null) {
            roleChanged(rd.softState());
        }
        List<Message> afterPersist = rd.messages();
        if (status.isLeader() && !rd.messages().isEmpty()) {
            // Thesis §10.2.1: appends go out while our own disk writes; acknowledgements wait for the fsync.
            List<Message> early = new ArrayList<>(rd.messages().size());
            afterPersist = new ArrayList<>();
            for (Message m : rd.messages()) {
                MessageType t = m.type();
                (t == MessageType.MsgApp || t == MessageType.MsgHeartbeat || t == MessageType.MsgSnap
                                ? early
                                : afterPersist)
                        .add(m);
            }
            send(early);
        }
        List<Entry> committed = rd.committedEntries();
        int durable = durableCommittedPrefix(rd);
        if (durable > 0) {
            // Already on our disk (persisted by an earlier Ready): the apply thread applies and answers them while we
            // fsync this Ready's new entries, instead of one fsync later.
            writeStages.committedEarly(committed.subList(0, durable));
            handOutEntries(null, committed.subList(0, durable));
            committed = committed.subList(durable, committed.size());
        }
        storage.persist(rd);
        if (!votesHeldAtReady && storage.voteHold().isHeld()) {
            storage.voteHold().release(); // what ended the hold is durable now, in this Ready or an earlier one
        }
        send(afterPersist);
        writeStages.readyPersisted(rd, committed);
        if (rd.snapshot() != null) {
            status.confState = rd.snapshot().metadata().confState();
        }
        long selfRemovedAt = 0;
        for (Entry e : committed) {
            if (e.type() == EntryType.CONF_CHANGE) {
                ConfChange cc = ConfChanges.decode(e, rejected);
                if (cc != null) {
                    applyConfChange(cc);
                    if (cc.nodeId() == selfId) {
                        selfRemovedAt = cc.type() == ConfChangeType.REMOVE_NODE ? e.index() : 0;
                    }
                }
            }
        }
        if (rd.hardState() != null) {
            status.commitIndex = rd.hardState().commit();
        }
        if (selfRemovedAt != 0) {
            selfRemoved(selfRemovedAt);
        }
        handOutEntries(rd.snapshot(), committed);
        handOutReads(rd);
        if (wasLeader && !status.isLeader()) {
            reads.leadershipLost(); // after the answers handed out above
        }
        rawNode.advance(rd);
    }

    /**
     * How many of the Ready's committed entries are already durable here, so may be applied before this Ready's own
     * writes: those in the local log from earlier Readies (the memory copy is appended only after the fsync) and
     * before the first entry this Ready writes (a follower's new entries may replace uncommitted ones it had).
     * Stops at the first membership change, which must reach the Raft core (below) before the apply thread.
     */
    private int durableCommittedPrefix(Ready rd) {
        return rd.snapshot() != null
                ? 0
                : durablePrefix(
                        rd.committedEntries(), rd.entries(), storage.memory().lastIndex());
    }

    /**
     * The number of leading {@code committed} entries at or below {@code lastDurableIndex} and below the first of
     * {@code toWrite} (the entries about to be written, which may replace uncommitted ones), up to the first
     * membership change.
     */
    static int durablePrefix(List<Entry> committed, List<Entry> toWrite, long lastDurableIndex) {
        long durableIndex = lastDurableIndex;
        if (!toWrite.isEmpty()) {
            durableIndex = Math.min(durableIndex, toWrite.get(0).index() - 1);
        }
        int n = 0;
        for (Entry e : committed) {
            if (e.index() > durableIndex || e.type() == EntryType.CONF_CHANGE) {
                break;
            }
            n++;
        }
        return n;
    }

    /** Committed entries (after a snapshot, if any) go to the apply thread, in order. */
    private void handOutEntries(Snapshot snapshot, List<Entry> entries) throws InterruptedException {
        if (!entries.isEmpty()) {
            handedOutIndex = entries.get(entries.size() - 1).index();
        } else if (snapshot != null) {
            handedOutIndex = snapshot.index();
        }
        if (snapshot != null || !entries.isEmpty()) {
            applyLoop.enqueue(new ApplyLoop.Batch(snapshot, entries, status.confState, status.term));
        }
    }

    /** Answered read rounds go to the apply thread after the entries of the same Ready. */
    private void handOutReads(Ready rd) throws InterruptedException {
        for (ReadState rs : rd.readStates()) {
            List<Long> answered = reads.answered(rs);
            if (!answered.isEmpty()) {
                applyLoop.enqueue(new ApplyLoop.ReadReady(rs.index(), answered));
            }
        }
    }

    private void send(List<Message> messages) {
        if (!messages.isEmpty()) {
            stats.sent(messages);
            transport.send(messages);
        }
    }

    private void roleChanged(SoftState ss) {
        boolean wasLeader = status.isLeader();
        long previousLeader = status.leaderId;
        status.state = ss.state();
        status.leaderId = ss.lead();
        if (ss.lead() != 0) {
            status.lastKnownLeaderId = ss.lead();
        }
        stats.leaderChanged(ss.lead(), clock.instant());
        if (ss.lead() != previousLeader) {
            LOG.info(
                    "{} is now {}; leader: {}",
                    selfName,
                    ss.state().name().toLowerCase(),
                    ss.lead() == 0 ? "none" : members.nameOf(ss.lead()).orElse(MemberIds.hex(ss.lead())));
        }
        if (wasLeader && ss.state() != StateType.LEADER) {
            // Our uncommitted entries may be overwritten by the next leader; tell their clients now.
            proposals.failAll("leadership changed while the write was in flight; it may or may not be applied");
        }
    }

    /**
     * This member's removal at {@code index} was applied (and not undone later in the same batch). A standby replays
     * the removal that made it one from the log it kept, and a standby being promoted may receive an older removal
     * from the leader before its re-adding: while it runs as a standby, a removal is history (as etcd 0.4.6 ignored a
     * remove command older than its join). When the local log already holds a re-adding, it is plainly history.
     * Otherwise a leader's log is complete, so a leader was removed; a follower's log may not yet hold the re-adding,
     * so the removal is believed only once the leader stops sending to it ({@link RemovalNotice}): a removed member
     * gets nothing more, a re-added one keeps getting the log.
     */
    private void selfRemoved(long index) {
        if (runsAsStandby.getAsBoolean()) {
            LOG.info("{}'s removal at index {} is history: it runs as a standby", selfName, index);
            return;
        }
        long readdedAt = laterAddOfSelf(index);
        if (readdedAt != 0) {
            LOG.info(
                    "{}'s removal at index {} is history: the log adds it again at index {}",
                    selfName,
                    index,
                    readdedAt);
        } else if (status.isLeader()) {
            LOG.warn("{} was removed from the cluster at index {}", selfName, index);
            // Not on this thread: whoever stops the node joins the Raft thread.
            new Thread(selfRemoved, "etcdj-removed").start();
        } else {
            LOG.warn(
                    "{}'s removal from the cluster applied at index {}: it leaves once the leader stops sending to it",
                    selfName,
                    index);
            removalToConfirm.run();
        }
    }

    /** The index of an entry after {@code index} in the local log that adds this member, or 0. */
    private long laterAddOfSelf(long index) {
        long last = storage.memory().lastIndex();
        if (last <= index) {
            return 0;
        }
        List<Entry> later;
        try {
            later = storage.memory().entries(index + 1, last + 1, Long.MAX_VALUE);
        } catch (RuntimeException compacted) {
            return 0;
        }
        for (Entry e : later) {
            if (e.type() == EntryType.CONF_CHANGE) {
                ConfChange cc = ConfChanges.decodeQuietly(e);
                if (cc != null && cc.nodeId() == selfId && cc.type() == ConfChangeType.ADD_NODE) {
                    return e.index();
                }
            }
        }
        return 0;
    }

    /** The Raft core learns the new voters; the transport connects to an added member and drops a removed one. */
    private void applyConfChange(ConfChange cc) {
        status.confState = rawNode.applyConfChange(cc);
        if (cc.nodeId() == selfId) {
            return; // see selfRemoved
        }
        if (cc.type() == ConfChangeType.ADD_NODE) {
            try {
                peers.added(cc.nodeId(), MemberCodec.decode(cc.context()).peerUrl());
            } catch (IllegalArgumentException noRecord) {
                LOG.warn("member {} added without a record of its URLs", MemberIds.hex(cc.nodeId()));
            }
        } else {
            peers.removed(cc.nodeId());
        }
    }
}
