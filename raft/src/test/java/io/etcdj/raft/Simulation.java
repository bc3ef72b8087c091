package io.etcdj.raft;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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
    static final int MAX_IN_FLIGHT = 2000;
    static final int TRACE_LINES = Integer.getInteger("raft.sim.traceLines", 60);

    private record InFlight(Message msg, long deliverAt) {
    }

    private final class SimNode {
        final long id;
        final MemoryStorage storage = new MemoryStorage();
        RawNode rn; // null while crashed
        long appliedIndex;
        long appliedHash;
        ConfState confState = ConfState.EMPTY;
        boolean appliedMarker;

        SimNode(long id) {
            this.id = id;
        }
    }

    final long seed;
    private final SplittableRandom rnd;
    private final int n;
    private final Map<Long, SimNode> nodes = new HashMap<>();
    private final Map<Long, MemoryStorage> storages = new HashMap<>();
    private final List<InFlight> network = new ArrayList<>();
    /** Snapshots lost at send time, reported to the sender once its Ready is handled. */
    private final List<Message> pendingReports = new ArrayList<>();
    private final int[] group;
    private final SafetyChecker checker = new SafetyChecker();
    private final ArrayDeque<Object[]> trace = new ArrayDeque<>();
    private final double lossProb;
    private final double dupProb;
    private final int maxDelay;
    private final boolean preVote;
    private final boolean checkQuorum;
    private long now;
    private int proposals;
    private boolean healed;
    static final int MAX_PENDING_READS = 256;
    /** Read request context -> highest index committed when it was requested; bounded. */
    private final Map<Long, Long> pendingReads = new HashMap<>();
    private long reads;
    int readsAnswered;
    /** The latest membership committed (applied by some node), and the index of its entry. */
    private ConfState members = ConfState.EMPTY;
    private long membersIndex;
    private boolean membersChanged;
    int snapshotsDelivered;
    /** Steps the healed cluster needed to commit a fresh proposal everywhere. */
    int healSteps;

    Simulation(long seed) {
        this.seed = seed;
        this.rnd = new SplittableRandom(seed);
        this.n = rnd.nextBoolean() ? 3 : 5;
        this.group = new int[n + 1];
        this.lossProb = rnd.nextDouble() * 0.2;
        this.dupProb = rnd.nextDouble() * 0.05;
        this.maxDelay = 1 + rnd.nextInt(8);
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
        Config cfg = Config.defaults(node.id, new SplittableRandom(seed * 1_000_003L + node.id + now))
                .withTicks(10, 1).withLimits(256, 4).withPreVote(preVote).withCheckQuorum(checkQuorum).withApplied(node.storage.snapshot().index());
        node.rn = new RawNode(cfg, node.storage);
        Snapshot snap = node.storage.snapshot();
        node.appliedIndex = snap.index();
        node.appliedHash = snap.data().length == 8 ? ByteBuffer.wrap(snap.data()).getLong() : 0;
        node.confState = snap.metadata().confState();
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
            throw new AssertionError("progress: no proposal committed on every node within " + LIVENESS_STEPS
                    + " steps after healing");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("simulation seed " + seed + " failed at step " + now + " (n=" + n + ", loss="
                    + String.format("%.2f", lossProb) + ", preVote=" + preVote + ", checkQuorum=" + checkQuorum + "): "
                    + e.getMessage() + "\n" + describeNodes() + "last events:\n"
                    + formatTrace(), e);
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
        java.util.Arrays.fill(group, 0);
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
            node.rn.propose(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
        List<Message> due = new ArrayList<>();
        for (Iterator<InFlight> it = network.iterator(); it.hasNext(); ) {
            InFlight f = it.next();
            if (f.deliverAt() <= now) {
                due.add(f.msg());
                if (healed || rnd.nextDouble() >= dupProb) {
                    it.remove();
                } else {
                    note("duplicate", f.msg()); // it stays in flight and arrives again later
                }
            }
        }
        for (int i = due.size() - 1; i > 0; i--) {
            Collections.swap(due, i, rnd.nextInt(i + 1));
        }
        for (Message m : due) {
            deliver(m);
        }
    }

    private void deliver(Message m) {
        SimNode to = nodes.get(m.to());
        if (to.rn == null || group[(int) m.from()] != group[(int) m.to()]) {
            note("lost", m);
            reportToSender(m, false);
            return;
        }
        note("deliver", m);
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
        if (network.size() >= MAX_IN_FLIGHT || (!healed && rnd.nextDouble() < lossProb)) {
            if (m.type() == MessageType.MsgSnap) {
                pendingReports.add(m);
            }
            return;
        }
        network.add(new InFlight(m, now + 1 + rnd.nextInt(maxDelay)));
    }

    private void handleReady(SimNode node) {
        for (int guard = 0; node.rn != null && node.rn.hasReady(); guard++) {
            if (guard > 100) {
                throw new IllegalStateException("node " + node.id + " never runs out of Readys");
            }
            Ready rd = node.rn.ready();
            if (rd.snapshot() != null) {
                node.storage.applySnapshot(rd.snapshot());
                checker.observeSnapshot(node.id, rd.snapshot());
                node.appliedIndex = rd.snapshot().index();
                node.appliedHash = ByteBuffer.wrap(rd.snapshot().data()).getLong();
                node.confState = rd.snapshot().metadata().confState();
            }
            node.storage.append(rd.entries());
            if (rd.hardState() != null) {
                node.storage.setHardState(rd.hardState());
            }
            if (!rd.entries().isEmpty()) {
                checker.checkLogMatching(node.id, node.storage, rd.entries().get(rd.entries().size() - 1).index(),
                        storages);
            }
            rd.messages().forEach(this::send);
            for (ReadState rs : rd.readStates()) {
                checkReadState(node, rs);
            }
            for (Entry e : rd.committedEntries()) {
                checker.observeApply(node.id, node.appliedIndex, e);
                node.appliedIndex = e.index();
                node.appliedHash = node.appliedHash * 31 + java.util.Arrays.hashCode(e.data());
                if (e.type() == EntryType.CONF_CHANGE) {
                    node.confState = node.rn.applyConfChange(ConfChange.decode(e.data()));
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

    private void crash(SimNode node) {
        if (node.rn != null) {
            note("crash", node.id);
            node.rn = null;
        }
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
        if (node.rn == null || pendingReads.size() >= MAX_PENDING_READS) {
            return;
        }
        long ctx = ++reads;
        byte[] context = ByteBuffer.allocate(8).putLong(ctx).array();
        try {
            node.rn.readIndex(context);
            pendingReads.put(ctx, checker.maxApplied());
            note("read index " + node.id, ctx);
        } catch (ProposalDroppedException e) {
            note("read dropped " + node.id, ctx);
        }
        maybeHandleReady(node);
    }

    private void checkReadState(SimNode node, ReadState rs) {
        Long committedBefore = pendingReads.remove(ByteBuffer.wrap(rs.context()).getLong());
        if (committedBefore == null) {
            return; // answered twice (duplicated message) or issued before a crash: already checked or moot
        }
        readsAnswered++;
        if (rs.index() < committedBefore) {
            throw new AssertionError("linearizability: node " + node.id + " got read index " + rs.index()
                    + " but index " + committedBefore + " was committed before the read was requested");
        }
    }

    /** A member that was removed is shut down by its operator, as etcd does; it may come back once re-added. */
    private void stopRemovedMembers() {
        for (SimNode node : nodes.values()) {
            if (node.rn != null && !members.voters().contains(node.id)) {
                note("stop removed member", node.id);
                node.rn = null;
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
        if (rnd.nextBoolean()) {
            java.util.Arrays.fill(group, 0);
        } else {
            for (int i = 1; i <= n; i++) {
                group[i] = rnd.nextInt(2);
            }
        }
        note("partition", java.util.Arrays.toString(group));
    }

    /** Snapshot the state machine at its applied index and drop the log before it, so leaders must send snapshots. */
    private void compact(SimNode node) {
        if (node.appliedIndex <= node.storage.snapshot().index()) {
            return;
        }
        byte[] data = ByteBuffer.allocate(8).putLong(node.appliedHash).array();
        node.storage.createSnapshot(node.appliedIndex, node.confState, data);
        node.storage.compact(node.appliedIndex);
        note("compact " + node.id, node.appliedIndex);
    }

    private void checkAll() {
        for (SimNode node : nodes.values()) {
            if (node.rn != null && node.rn.raft().state == StateType.LEADER) {
                checker.observeLeader(node.id, node.rn.raft().term, node.rn.raft().raftLog);
            }
        }
    }

    /** Keeps the last events for the failure report; formatting is deferred until a failure needs it. */
    private void note(String what, Object detail) {
        if (trace.size() >= TRACE_LINES) {
            trace.removeFirst();
        }
        trace.addLast(new Object[] {now, what, detail});
    }

    private void note(Object what) {
        if (trace.size() >= TRACE_LINES) {
            trace.removeFirst();
        }
        trace.addLast(new Object[] {now, what, ""});
    }

    private String describeNodes() {
        StringBuilder sb = new StringBuilder("members " + members + " (as of index " + membersIndex + ")\n");
        for (SimNode node : nodes.values()) {
            sb.append("  node ").append(node.id).append(node.rn == null ? " down" : " " + node.rn.status())
                    .append(" applied=").append(node.appliedIndex).append(' ').append(node.confState).append('\n');
        }
        return sb.toString();
    }

    private String formatTrace() {
        StringBuilder sb = new StringBuilder();
        for (Object[] t : trace) {
            sb.append("  ").append(t[0]).append(": ").append(t[1]).append(' ').append(t[2]).append('\n');
        }
        return sb.toString();
    }

    long maxApplied() {
        return checker.maxApplied();
    }

    int leadersElected() {
        return checker.leaders();
    }
}
