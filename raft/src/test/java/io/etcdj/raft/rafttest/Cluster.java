package io.etcdj.raft.rafttest;

import io.etcdj.raft.ConfState;
import io.etcdj.raft.Config;
import io.etcdj.raft.MemoryStorage;
import io.etcdj.raft.Message;
import io.etcdj.raft.RawNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** A cluster of {@link TestNode}s with a perfect (or filtered) network, for table tests. */
public final class Cluster {
    static final int MAX_ROUNDS = 1000;

    public final Map<Long, TestNode> nodes = new TreeMap<>();
    /** Messages matching this are dropped. */
    public Predicate<Message> drop = m -> false;

    /** Nodes 1..n with the given membership in their storage; pre-vote and check-quorum off unless tweaked. */
    public static Cluster of(int n, Function<Config, Config> tweak) {
        Cluster c = new Cluster();
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
        }
        for (long id : ids) {
            c.add(id, new MemoryStorage(ConfState.of(ids)), tweak);
        }
        return c;
    }

    public TestNode add(long id, MemoryStorage storage, Function<Config, Config> tweak) {
        TestNode node = new TestNode(id, storage, new RawNode(config(id, tweak), storage));
        nodes.put(id, node);
        return node;
    }

    public static Config config(long id, Function<Config, Config> tweak) {
        return tweak.apply(
                Config.defaults(id, new SplittableRandom(id)).withPreVote(false).withCheckQuorum(false));
    }

    public TestNode node(long id) {
        return nodes.get(id);
    }

    /** Handles every Ready and delivers every message until the cluster is quiet. */
    public void stabilize() {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Message> msgs = new ArrayList<>();
            for (TestNode n : nodes.values()) {
                msgs.addAll(n.drain());
            }
            if (msgs.isEmpty()) {
                return;
            }
            for (Message m : msgs) {
                TestNode to = nodes.get(m.to());
                if (to != null && !drop.test(m)) {
                    to.rawNode.step(m);
                }
            }
        }
        throw new IllegalStateException("cluster did not stabilize in " + MAX_ROUNDS + " rounds");
    }

    /** Campaigns on {@code id} and stabilizes. */
    public TestNode elect(long id) {
        nodes.get(id).rawNode.campaign();
        stabilize();
        return nodes.get(id);
    }
}
