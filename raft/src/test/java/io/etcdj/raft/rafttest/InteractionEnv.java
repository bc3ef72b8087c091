package io.etcdj.raft.rafttest;

import io.etcdj.raft.ConfChange;
import io.etcdj.raft.Config;
import io.etcdj.raft.Describe;
import io.etcdj.raft.Entry;
import io.etcdj.raft.MemoryStorage;
import io.etcdj.raft.Message;
import io.etcdj.raft.RaftLogger;
import io.etcdj.raft.RawNode;
import io.etcdj.raft.Ready;
import io.etcdj.raft.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

/**
 * Runs the commands of a transcript script against an in-memory cluster and records what happens, in the spirit of
 * etcd-io/raft's {@code rafttest.InteractionEnv}. Election timeouts are not randomized here (the generator always
 * returns 0), so {@code tick-election} is exactly electionTicks ticks.
 */
public final class InteractionEnv {
    static final int ELECTION_TICKS = 10;
    static final int HEARTBEAT_TICKS = 1;
    /** Bound on stabilize rounds: a livelock fails the script instead of hanging. */
    static final int MAX_STABILIZE_ROUNDS = 1000;

    private final Map<Long, TestNode> nodes = new TreeMap<>();
    private final List<Message> inFlight = new ArrayList<>();
    private final Set<Long> isolated = new HashSet<>();
    private final StringBuilder out = new StringBuilder();
    private boolean logging = true;

    /** Runs one command line and returns its output (no trailing newline, never empty). */
    public String run(String line) {
        out.setLength(0);
        String[] args = line.trim().split("\\s+");
        switch (args[0]) {
            case "add-nodes" ->
                addNodes(Integer.parseInt(args[1]), opt(args, "prevote", "true"), opt(args, "checkquorum", "true"));
            case "log-level" -> logging = !args[1].equals("none");
            case "campaign" -> node(args[1]).rawNode.campaign();
            case "propose" -> node(args[1]).rawNode.propose(args[2].getBytes(StandardCharsets.UTF_8));
            case "propose-conf-change" ->
                node(args[1])
                        .rawNode
                        .proposeConfChange(
                                args[2].startsWith("add=")
                                        ? ConfChange.addNode(Long.parseLong(args[2].substring(4)))
                                        : ConfChange.removeNode(Long.parseLong(args[2].substring(7))));
            case "transfer-leadership" -> node(args[1]).rawNode.transferLeadership(Long.parseLong(args[2]));
            case "read-index" -> node(args[1]).rawNode.readIndex(args[2].getBytes(StandardCharsets.UTF_8));
            case "tick-heartbeat" -> tick(args[1], HEARTBEAT_TICKS);
            case "tick-election" -> tick(args[1], ELECTION_TICKS);
            case "process-ready" -> forEach(args, this::processReady);
            case "deliver-msgs" -> forEach(args, id -> deliver(id));
            case "stabilize" -> stabilize();
            case "isolate" -> isolated.add(Long.parseLong(args[1]));
            case "heal" -> isolated.clear();
            case "status" -> status(node(args[1]));
            case "raft-log" -> raftLog(node(args[1]));
            case "compact" -> compact(node(args[1]), Long.parseLong(args[2]));
            default -> throw new IllegalArgumentException("unknown command: " + args[0]);
        }
        String s = out.toString().stripTrailing();
        return s.isEmpty() ? "ok" : s;
    }

    private static String opt(String[] args, String key, String dflt) {
        for (String a : args) {
            if (a.startsWith(key + "=")) {
                return a.substring(key.length() + 1);
            }
        }
        return dflt;
    }

    private void forEach(String[] args, LongConsumer f) {
        if (args.length == 1) {
            nodes.keySet().forEach(f::accept);
        }
        for (int i = 1; i < args.length; i++) {
            f.accept(Long.parseLong(args[i]));
        }
    }

    private TestNode node(String id) {
        TestNode n = nodes.get(Long.parseLong(id));
        if (n == null) {
            throw new IllegalArgumentException("no node " + id);
        }
        return n;
    }

    private void addNodes(int count, String preVote, String checkQuorum) {
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            ids.add(id);
        }
        for (long id : ids) {
            MemoryStorage storage = new MemoryStorage();
            long nodeId = id;
            RaftLogger logger = new RaftLogger() {
                @Override
                public void info(String message) {
                    if (logging) {
                        out.append("INFO ").append(message).append('\n');
                    }
                }

                @Override
                public void warn(String message) {
                    if (logging) {
                        out.append("WARN ").append(message).append('\n');
                    }
                }
            };
            RandomGenerator noJitter = () -> 0L;
            Config cfg = Config.defaults(nodeId, noJitter)
                    .withTicks(ELECTION_TICKS, HEARTBEAT_TICKS)
                    .withPreVote(Boolean.parseBoolean(preVote))
                    .withCheckQuorum(Boolean.parseBoolean(checkQuorum))
                    .withLogger(logger);
            boolean wasLogging = logging;
            logging = false; // bootstrap noise is the same for every node; the status line below says it all
            RawNode rn = new RawNode(cfg, storage);
            rn.bootstrap(ids);
            TestNode n = new TestNode(id, storage, rn);
            n.drain(); // persist and apply the bootstrap entries, as a real caller would before campaigning
            logging = wasLogging;
            nodes.put(id, n);
            out.append(id).append(": ");
            status(n);
        }
    }

    private void tick(String id, int ticks) {
        for (int i = 0; i < ticks; i++) {
            node(id).rawNode.tick();
        }
    }

    private boolean processReady(long id) {
        TestNode n = nodes.get(id);
        List<Message> msgs = new ArrayList<>();
        Ready rd;
        // The transcript shows the Ready before it is handled, as etcd's does.
        if (!n.rawNode.hasReady()) {
            return false;
        }
        out.append("> ").append(id).append(" handling Ready\n");
        int mark = out.length();
        rd = n.handleReady(msgs);
        String handlingLog = out.substring(mark);
        out.setLength(mark);
        describeReady(rd);
        out.append(handlingLog.indent(2));
        for (Message m : msgs) {
            if (!isolated.contains(m.from()) && !isolated.contains(m.to())) {
                inFlight.add(m);
            }
        }
        return true;
    }

    private void describeReady(Ready rd) {
        StringBuilder sb =
                new StringBuilder("Ready MustSync=").append(rd.mustSync()).append(":\n");
        if (rd.softState() != null) {
            sb.append(rd.softState()).append('\n');
        }
        if (rd.hardState() != null) {
            sb.append("HardState ").append(rd.hardState()).append('\n');
        }
        rd.readStates().forEach(rs -> sb.append(rs).append('\n'));
        list(sb, "Entries:", rd.entries().stream().map(Describe::entry).toList());
        if (rd.snapshot() != null) {
            sb.append("Snapshot ").append(rd.snapshot()).append('\n');
        }
        list(
                sb,
                "CommittedEntries:",
                rd.committedEntries().stream().map(Describe::entry).toList());
        list(sb, "Messages:", rd.messages().stream().map(Describe::message).toList());
        out.append(sb.toString().indent(2));
    }

    private static void list(StringBuilder sb, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            sb.append(title).append('\n');
            lines.forEach(l -> sb.append(l).append('\n'));
        }
    }

    private boolean deliver(long id) {
        List<Message> mine = new ArrayList<>();
        for (Iterator<Message> it = inFlight.iterator(); it.hasNext(); ) {
            Message m = it.next();
            if (m.to() == id) {
                mine.add(m);
                it.remove();
            }
        }
        if (mine.isEmpty()) {
            return false;
        }
        out.append("> ").append(id).append(" receiving messages\n");
        for (Message m : mine) {
            out.append("  ").append(Describe.message(m)).append('\n');
            int mark = out.length();
            nodes.get(id).rawNode.step(m);
            String log = out.substring(mark);
            out.setLength(mark);
            out.append(log.indent(2));
        }
        return true;
    }

    private void stabilize() {
        for (int round = 0; round < MAX_STABILIZE_ROUNDS; round++) {
            boolean busy = false;
            for (long id : nodes.keySet()) {
                busy |= processReady(id);
            }
            for (long id : nodes.keySet()) {
                busy |= deliver(id);
            }
            if (!busy) {
                return;
            }
        }
        throw new IllegalStateException("stabilize did not converge in " + MAX_STABILIZE_ROUNDS + " rounds");
    }

    private void status(TestNode n) {
        Status s = n.rawNode.status();
        out.append(s.softState())
                .append(' ')
                .append(s.hardState())
                .append(" Applied:")
                .append(s.applied())
                .append('\n');
        s.progress().forEach((id, p) -> out.append(id).append(": ").append(p).append('\n'));
    }

    private void raftLog(TestNode n) {
        long first = n.storage.firstIndex();
        long last = n.storage.lastIndex();
        if (first > last) {
            out.append("log is empty: first index=")
                    .append(first)
                    .append(", last index=")
                    .append(last)
                    .append('\n');
            return;
        }
        for (Entry e : n.storage.entries(first, last + 1, Long.MAX_VALUE)) {
            out.append(Describe.entry(e)).append('\n');
        }
    }

    private void compact(TestNode n, long index) {
        n.storage.createSnapshot(index, n.confState, ("snap@" + index).getBytes(StandardCharsets.UTF_8));
        n.storage.compact(index);
        raftLog(n);
    }

    public TestNode nodeById(long id) {
        return nodes.get(id);
    }
}
