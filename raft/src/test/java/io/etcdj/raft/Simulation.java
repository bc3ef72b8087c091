package io.etcdj.raft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One seeded schedule: N nodes on a simulated network that loses, delays, reorders and duplicates messages, with
 * partitions and crash-restarts (persisted storage and hard state survive, unpersisted Ready output does not), and
 * proposals throughout. Safety is checked after every step; then the network heals and progress is required within
 * a bounded number of steps. Everything derives from the seed, so a failure replays exactly.
 */
final class Simulation {
    static final int CHAOS_STEPS = 2000;
    static final int TICK_EVERY_STEPS = 2;
    /** After healing: this many steps to elect a leader and commit a fresh proposal everywhere. */
    static final int LIVENESS_STEPS = 5000;

    static final int TRACE_LINES = Integer.getInteger("raft.sim.traceLines", 60);

    /**
     * {@code -Draft.sim.rejoinFresh=true}: a removed member forgets its log when it stops and, once re-added, rejoins
     * with an empty one under its old id, as the server's removed members did until they kept their logs (ids are
     * derived from names; an operator who restarts a removed machine on an emptied data dir under its old name still
     * does this). Not what Raft allows unless the member holds its votes ({@link #HOLD_VOTES}): a candidate still
     * holding an older configuration can count the forgetful member's vote, and the checker reports a leader missing
     * applied entries (seed 4292). {@code SimulationTest.aRemovedMemberThatForgetsItsLogBreaksSafety} pins it.
     */
    static final boolean REJOIN_FRESH = Boolean.getBoolean("raft.sim.rejoinFresh");

    /**
     * {@code -Draft.sim.wipe=true}: a crashed member may lose its whole data dir (log, snapshot, hard state; once per
     * schedule) and restarts empty under its id while the cluster still counts it, as a machine whose disk was replaced does
     * when its operator starts it again under its old name.
     */
    static final boolean WIPE = Boolean.getBoolean("raft.sim.wipe");

    /**
     * {@code -Draft.sim.holdVotes=true}: a member that forgot its log (either way above) holds its votes until it has
     * caught up with a leader ({@link RawNode#holdVotesUntilCaughtUp}), keeping the hold across crashes until a
     * persisted Ready shows it ended, as the server does with its data dir's {@code votes_held} file.
     */
    static final boolean HOLD_VOTES = Boolean.getBoolean("raft.sim.holdVotes");

    /**
     * {@code -Draft.sim.failOnStall=true}: a healed cluster that makes no progress because a voter holds its votes
     * fails with its trace (to study one), instead of being counted in {@link #stalledOnHeldVotes}.
     */
    static final boolean FAIL_ON_STALL = Boolean.getBoolean("raft.sim.failOnStall");

    final long seed;
    private final SplittableRandom rnd;
    private final int n;
    private final Map<Long, SimNode> nodes = new HashMap<>();
    private final Map<Long, MemoryStorage> storages = new HashMap<>();
    private final SimNetwork network;
    /** Snapshots lost at send time, reported to the sender once its Ready is handled. */
    private final List<Message> pendingReports = new ArrayList<>();

    private final SafetyChecker checker = new SafetyChecker();
    private final SimTrace trace = new SimTrace(TRACE_LINES);
    private final boolean preVote;
    private final boolean checkQuorum;
    private long now;
    private int proposals;
    private boolean healed;
    private long reads;
    int readsAnswered;
    /** The latest membership committed (applied by some node), and the index of its entry. */
    private ConfState members = ConfState.EMPTY;

    private long membersIndex;
    private boolean membersChanged;
    int snapshotsDelivered;
    /** Steps the healed cluster needed to commit a fresh proposal everywhere. */
    int healSteps;
    /** Sees every message just before it is stepped into its receiver (PeerMessageCheckTest checks them). */
    Consumer<Message> onDeliver = m -> {};

    /** Whether removed members forget their logs ({@link #REJOIN_FRESH}). */
    private final boolean rejoinFresh;
    /** Whether crashed members sometimes lose their data dir ({@link #WIPE}); drawn from {@link #wipeRnd}. */
    private final boolean wipe;
    /** Whether a member that forgot its log holds its votes until caught up ({@link #HOLD_VOTES}). */
    private final boolean holdVotes;
    /** Its own stream, so that a schedule's other choices stay what they are without wipes. */
    private final SplittableRandom wipeRnd;
    /**
     * One lost data dir per schedule: losing more at once can take every copy of a committed entry, which no
     * protocol survives (and the checker would rightly report).
     */
    private boolean wiped;

    Simulation(long seed) {
        this(seed, REJOIN_FRESH, WIPE, HOLD_VOTES);
    }

    Simulation(long seed, boolean rejoinFresh) {
        this(seed, rejoinFresh, false, false);
    }

    Simulation(long seed, boolean rejoinFresh, boolean wipe, boolean holdVotes) {
        this.seed = seed;
        this.rejoinFresh = rejoinFresh;
        this.wipe = wipe;
        this.holdVotes = holdVotes;
        this.wipeRnd = new SplittableRandom(seed ^ 0x5eed_0f_d15cL);
        this.rnd = new SplittableRandom(seed);
        this.n = rnd.nextBoolean() ? 3 : 5;
        this.network = new SimNetwork(rnd, n);
        this.preVote = rnd.nextInt(4) != 0;
        this.checkQuorum = rnd.nextInt(4) != 0;
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= n; id++) {
            ids.add(id);
        }
        for (long id : ids) {
            SimNode node = new SimNode(id);
            nodes.put(id, node);
            storages.put(id, node.storage);
            start(node);
            node.rn.bootstrap(ids);
            handleReady(node);
        }
    }

    private void start(SimNode node) {
        // Each (re)start's own randomness, distinct for every (step, node): a sum like now + id repeats (node 3 at
        // step 1904 and node 1 at step 1906 drew the same election timeouts ever after, so the two campaigned in the
        // same step forever and split every vote: seed 118107), which no real pair of members does.
        Config cfg = Config.defaults(node.id, new SplittableRandom(seed * 1_000_003L + now * 16 + node.id))
                .withTicks(10, 1)
                .withLimits(256, 4)
                .withPreVote(preVote)
                .withCheckQuorum(checkQuorum)
                .withApplied(node.storage.snapshot().index());
        node.rn = new RawNode(cfg, node.storage);
        if (node.votesHeld) {
            node.rn.holdVotesUntilCaughtUp();
        }
        Snapshot snap = node.storage.snapshot();
        node.appliedIndex = snap.index();
        node.appliedHash =
                snap.data().length == 8 ? ByteBuffer.wrap(snap.data()).getLong() : 0;
        node.confState = snap.metadata().confState();
    }

    /** True when the healed cluster made no progress because a voter still held its votes ({@link #HOLD_VOTES}). */
    boolean stalledOnHeldVotes;

    /**
     * With {@link #stalledOnHeldVotes}: no running node's log reaches the highest index applied anywhere, so some
     * committed entries survive only on stopped (removed) nodes, and no election could be safe: the stall is the
     * right answer, not a cost of the hold.
     */
    boolean committedOnlyOnStoppedNodes;

    /**
     * With {@link #stalledOnHeldVotes}: a running member has not applied its own removal of a member, so still needs
     * that member's vote, which this simulation stopped when the removal applied elsewhere ({@code
     * stopRemovedMembers}). The server's removed members keep running as standbys and vote; this stall is the
     * simulation's.
     */
    boolean waitsOnAStoppedRemovedMember;

    private boolean aRunningNodeCountsAStoppedRemovedMember() {
        for (SimNode node : nodes.values()) {
            if (node.rn == null || node.rn.votesHeld()) {
                continue;
            }
            for (long voter : node.rn.raft().tracker.voters().ids()) {
                if (nodes.get(voter).rn == null && !members.voters().contains(voter)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean noRunningNodeHoldsEveryCommittedEntry() {
        for (SimNode node : nodes.values()) {
            if (node.rn != null && node.rn.raft().raftLog.lastIndex() >= checker.maxApplied()) {
                return false;
            }
        }
        return true;
    }

    private boolean aVoterHoldsItsVotes() {
        for (SimNode node : nodes.values()) {
            if (node.rn != null && node.rn.votesHeld() && members.voters().contains(node.id)) {
                return true;
            }
        }
        return false;
    }

    /** Runs the whole schedule; throws AssertionError (with the trace) on any violation. */
    void run() {
        try {
            for (int i = 0; i < CHAOS_STEPS; i++) {
                chaosStep();
                checkAll();
            }
            heal();
            for (int i = 0; i < LIVENESS_STEPS; i++) {
                healedStep(i);
                checkAll();
                if (allAppliedMarker()) {
                    healSteps = i + 1;
                    return;
                }
            }
            if (aVoterHoldsItsVotes() && !FAIL_ON_STALL) {
                // Safe, not live: a voter that lost its log waits for a leader that can only be elected with its
                // vote (its configuration has no quorum without it; see Raft#mayCountHeldVoter for the case that
                // is decided). Counted, so that a test can bound how often it happens.
                stalledOnHeldVotes = true;
                committedOnlyOnStoppedNodes = noRunningNodeHoldsEveryCommittedEntry();
                waitsOnAStoppedRemovedMember = aRunningNodeCountsAStoppedRemovedMember();
                return;
            }
            throw new AssertionError(
                    "progress: no proposal committed on every node within " + LIVENESS_STEPS + " steps after healing");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    "simulation seed " + seed + " failed at step " + now + " (n=" + n + ", loss="
                            + String.format("%.2f", network.lossProb) + ", preVote=" + preVote + ", checkQuorum="
                            + checkQuorum + "): "
                            + e.getMessage() + "\n" + describeNodes() + "last events:\n"
                            + trace.format(),
                    e);
        }
    }

    /** One unit of simulated time: ticks (with drift), every due message delivered, then a random event. */
    private void chaosStep() {
        now++;
        if (now % TICK_EVERY_STEPS == 0) {
            for (SimNode node : nodes.values()) {
                if (rnd.nextInt(10) != 0) { // clocks drift: a node sometimes misses a tick
                    tick(node);
                }
            }
        }
        deliverDue();
        int dice = rnd.nextInt(1000);
        if (dice < 300) {
            propose(randomNode(), "p" + (++proposals));
        } else if (dice < 500) {
            SimNode node = randomNode();
            if (node.rn != null) {
                handleReady(node);
            }
        } else if (dice < 510) {
            crash(randomNode());
        } else if (dice < 514) {
            crashLeader();
        } else if (dice < 530) {
            restart(randomNode());
        } else if (dice < 536) {
            repartition();
        } else if (dice < 546) {
            compact(randomNode());
        } else if (dice < 556) {
            proposeConfChange();
        } else if (dice < 576) {
            readIndex(randomNode());
        } else if (dice < 561) {
            SimNode node = randomNode();
            if (node.rn != null) {
                note("transfer leadership at", node.id);
                try {
                    node.rn.transferLeadership(1 + rnd.nextInt(n));
                } catch (ProposalDroppedException e) {
                    note("transfer dropped", node.id);
                }
                maybeHandleReady(node);
            }
        }
    }

    private void heal() {
        healed = true;
        note("heal");
        network.heal();
        for (SimNode node : nodes.values()) {
            restart(node);
        }
    }

    private void healedStep(int i) {
        now++;
        for (SimNode node : nodes.values()) {
            restart(node); // a member re-added after healing is started by its operator
        }
        if (now % TICK_EVERY_STEPS == 0) {
            for (SimNode node : nodes.values()) {
                tick(node);
            }
        }
        for (SimNode node : nodes.values()) {
            handleReady(node);
        }
        deliverDue();
        if (i % 20 == 0) {
            for (SimNode node : nodes.values()) {
                if (node.rn != null && node.rn.raft().state == StateType.LEADER) {
                    propose(node, "marker");
                }
            }
        }
    }

    private boolean allAppliedMarker() {
        for (SimNode node : nodes.values()) {
            if (members.voters().contains(node.id) && !node.appliedMarker) {
                return false;
            }
        }
        return true;
    }

    private SimNode randomNode() {
        return nodes.get(1L + rnd.nextInt(n));
    }

    private void tick(SimNode node) {
        if (node.rn != null) {
            node.rn.tick();
            maybeHandleReady(node);
        }
    }

    private void propose(SimNode node, String data) {
        if (node.rn == null) {
            return;
        }
        try {
            node.rn.propose(data.getBytes(StandardCharsets.UTF_8));
            note("propose " + node.id, data);
        } catch (ProposalDroppedException e) {
            note("dropped " + node.id, data);
        }
        maybeHandleReady(node);
    }

    /** Usually the caller handles a Ready at once; sometimes it lags, so a crash can lose it. */
    private void maybeHandleReady(SimNode node) {
        if (healed || rnd.nextInt(100) < 80) {
            handleReady(node);
        }
    }

    /** Delivers every message that is due, in random order (delays and shuffling reorder them). */
    private void deliverDue() {
        for (Message m : network.takeDue(now, dup -> note("duplicate", dup))) {
            deliver(m);
        }
    }

    private void deliver(Message m) {
        SimNode to = nodes.get(m.to());
        if (to.rn == null || !network.connected(m.from(), m.to())) {
            note("lost", m);
            reportToSender(m, false);
            return;
        }
        note("deliver", m);
        onDeliver.accept(m);
        to.rn.step(m);
        maybeHandleReady(to);
        if (m.type() == MessageType.MsgSnap) {
            snapshotsDelivered++;
            reportToSender(m, true);
        }
    }

    /** What a transport tells the sender: snapshot delivered or failed; peer unreachable. */
    private void reportToSender(Message m, boolean delivered) {
        SimNode from = nodes.get(m.from());
        if (from.rn == null) {
            return;
        }
        if (m.type() == MessageType.MsgSnap) {
            from.rn.reportSnapshot(m.to(), !delivered);
        } else if (!delivered) {
            from.rn.reportUnreachable(m.to());
        } else {
            return;
        }
        maybeHandleReady(from);
    }

    private void send(Message m) {
        if (!network.send(m, now) && m.type() == MessageType.MsgSnap) {
            pendingReports.add(m); // the transport tells the leader once its Ready is handled
        }
    }

    private void handleReady(SimNode node) {
        for (int guard = 0; node.rn != null && node.rn.hasReady(); guard++) {
            if (guard > 100) {
                throw new IllegalStateException("node " + node.id + " never runs out of Readys");
            }
            Ready rd = node.rn.ready();
            boolean heldAtReady = node.rn.votesHeld();
            if (!healed
                    && !rd.entries().isEmpty()
                    && node.rn.raft().state == StateType.LEADER
                    && rnd.nextInt(100) < 1) {
                // Thesis §10.2.1: a leader's appends leave in parallel with its persist, which never completes.
                rd.messages().stream().filter(Simulation::sendableBeforePersist).forEach(this::send);
                note("sent before persisting, then crash", node.id);
                node.rn = null;
                break;
            }
            if (rd.snapshot() != null) {
                checker.observeSnapshot(node.id, rd.snapshot());
            }
            node.persist(rd);
            if (!heldAtReady) {
                node.votesHeld = false; // the entries that ended the hold are durable now
            }
            if (!rd.entries().isEmpty()) {
                checker.checkLogMatching(
                        node.id,
                        node.storage,
                        rd.entries().get(rd.entries().size() - 1).index(),
                        storages);
            }
            rd.messages().forEach(this::send);
            for (ReadState rs : rd.readStates()) {
                readsAnswered +=
                        checker.checkRead(node.id, ByteBuffer.wrap(rs.context()).getLong(), rs.index());
            }
            for (Entry e : rd.committedEntries()) {
                checker.observeApply(node.id, node.appliedIndex, e);
                node.apply(e);
                if (e.type() == EntryType.CONF_CHANGE) {
                    if (e.index() > membersIndex) { // applies happen in one order everywhere: this is the latest
                        membersIndex = e.index();
                        members = node.confState;
                        membersChanged = true;
                    }
                } else if (healed && "marker".equals(Describe.utf8(e.data()))) {
                    node.appliedMarker = true;
                }
            }
            node.rn.advance(rd);
        }
        if (membersChanged) {
            membersChanged = false;
            stopRemovedMembers();
        }
        while (!pendingReports.isEmpty()) {
            reportToSender(pendingReports.remove(pendingReports.size() - 1), false);
        }
    }

    static boolean sendableBeforePersist(Message m) {
        return m.type() == MessageType.MsgApp
                || m.type() == MessageType.MsgSnap
                || m.type() == MessageType.MsgHeartbeat;
    }

    private void crash(SimNode node) {
        if (node.rn != null) {
            note("crash", node.id);
            node.rn = null;
            if (wipe && !wiped && wipeRnd.nextInt(4) == 0) {
                wiped = true;
                note("data dir lost", node.id);
                forget(node);
            }
        }
    }

    /** The node's durable state is gone; it comes back empty under its id (holding its votes, if so configured). */
    private void forget(SimNode node) {
        node.forgetLog();
        node.votesHeld = holdVotes;
        storages.put(node.id, node.storage);
    }

    private void crashLeader() {
        for (SimNode node : nodes.values()) {
            if (node.rn != null && node.rn.raft().state == StateType.LEADER) {
                crash(node);
                return;
            }
        }
    }

    /** The operator adds a non-member or removes a member (keeping at least two), through the current leader. */
    private void proposeConfChange() {
        SimNode leader = null;
        for (SimNode node : nodes.values()) {
            if (node.rn != null && node.rn.raft().state == StateType.LEADER) {
                leader = node;
            }
        }
        if (leader == null) {
            return;
        }
        long id = 1 + rnd.nextInt(n);
        ConfChange cc = members.voters().contains(id)
                ? (members.voters().size() > 2 ? ConfChange.removeNode(id) : null)
                : ConfChange.addNode(id);
        if (cc == null) {
            return;
        }
        try {
            leader.rn.proposeConfChange(cc);
            note("propose conf change " + leader.id, cc);
        } catch (ProposalDroppedException e) {
            note("conf change dropped " + leader.id, cc);
        }
        maybeHandleReady(leader);
    }

    /**
     * Linearizable reads: a read index must cover every entry committed before the request was made (an entry
     * applied anywhere is committed). Requests whose answer is lost are forgotten after a while.
     */
    private void readIndex(SimNode node) {
        if (node.rn == null || !checker.canTrackRead()) {
            return;
        }
        long ctx = ++reads;
        byte[] context = ByteBuffer.allocate(8).putLong(ctx).array();
        try {
            node.rn.readIndex(context);
            checker.readRequested(ctx);
            note("read index " + node.id, ctx);
        } catch (ProposalDroppedException e) {
            note("read dropped " + node.id, ctx);
        }
        maybeHandleReady(node);
    }

    /** A member that was removed is shut down by its operator, as etcd does; it may come back once re-added. */
    private void stopRemovedMembers() {
        for (SimNode node : nodes.values()) {
            if (node.rn != null && !members.voters().contains(node.id)) {
                note("stop removed member", node.id);
                node.rn = null;
                if (rejoinFresh) {
                    forget(node);
                }
            }
        }
    }

    private void restart(SimNode node) {
        if (node.rn == null && members.voters().contains(node.id)) {
            note("restart", node.id);
            start(node);
        }
    }

    private void repartition() {
        note("partition", network.repartition());
    }

    /** Snapshot the state machine at its applied index and drop the log before it, so leaders must send snapshots. */
    private void compact(SimNode node) {
        if (node.appliedIndex <= node.storage.snapshot().index()) {
            return;
        }
        node.compact();
        note("compact " + node.id, node.appliedIndex);
    }

    private void checkAll() {
        for (SimNode node : nodes.values()) {
            if (node.rn != null && node.rn.raft().state == StateType.LEADER) {
                checker.observeLeader(node.id, node.rn.raft().term, node.rn.raft().raftLog);
            }
        }
    }

    private void note(String what, Object detail) {
        trace.note(now, what, detail);
    }

    private void note(Object what) {
        trace.note(now, what, "");
    }

    private String describeNodes() {
        StringBuilder sb = new StringBuilder("members " + members + " (as of index " + membersIndex + ")\n");
        for (SimNode node : nodes.values()) {
            sb.append("  ").append(node.describe()).append('\n');
        }
        return sb.toString();
    }

    /** A digest of how the schedule went, to check that a seed replays exactly. */
    long fingerprint() {
        long h = now * 31 + checker.maxApplied();
        for (SimNode node : nodes.values()) {
            h = h * 31 + node.appliedHash + node.appliedIndex;
        }
        return h * 31 + snapshotsDelivered + 17L * readsAnswered + 131L * checker.leaders();
    }

    long maxApplied() {
        return checker.maxApplied();
    }

    int leadersElected() {
        return checker.leaders();
    }
}
