package io.etcdj.server.cluster;

import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.Member;
import io.etcdj.peer.inmem.InMemoryPeerTransport;
import io.etcdj.peer.inmem.Network;
import io.etcdj.server.command.ApplyResult;
import io.etcdj.server.command.Command;
import io.etcdj.store.Store;
import io.etcdj.store.V2Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** One member in-process: real WAL and snapshot files in a temp dir, the in-memory transport between members. */
final class TestMember implements AutoCloseable {
    final String name;
    final Path dataDir;
    final Store store;
    final RaftStorage storage;
    final RaftNode node;
    final InMemoryPeerTransport transport;

    /** Raft timing of a member. */
    record Timing(long heartbeatMs, long electionTimeoutMs) {
        /**
         * Short enough to keep elections quick, long enough that a loaded 2-core machine (CI, or tests run next to
         * a CPU hog) does not starve a leader's heartbeats past the election timeout.
         */
        static final Timing FAST = new Timing(25, 250);
        /** For tests whose window must not see a spurious election on a loaded machine. */
        static final Timing STEADY = new Timing(50, 1000);
    }

    private TestMember(
            String name, Path dataDir, Network network, Clock clock, long snapshotEvery, Timing timing, Store store)
            throws Exception {
        this.name = name;
        this.dataDir = dataDir;
        this.store = store;
        this.storage = RaftStorage.open(dataDir);
        SnapshotImage recovered = storage.takeRecoveredImage();
        if (recovered != null) {
            store.recover(recovered.storeData());
        }
        Member self = Member.named(name, "mem://" + name, "http://" + name + ":4001");
        this.node = RaftNode.create(
                new MemberSettings(self, timing.heartbeatMs(), timing.electionTimeoutMs(), snapshotEvery),
                store,
                clock,
                storage);
        this.transport = new InMemoryPeerTransport(
                node.selfId(), self.peerUrl(), network, node.peerInbound(), node.peerInbound());
        transport.start();
    }

    /** A new cluster of one, or a restart from {@code dataDir}. */
    static TestMember startAlone(String name, Path dataDir, Network network, Clock clock, long snapshotEvery)
            throws Exception {
        return startAlone(name, dataDir, network, clock, snapshotEvery, Timing.FAST, new V2Store(clock));
    }

    static TestMember startAlone(
            String name, Path dataDir, Network network, Clock clock, long snapshotEvery, Timing timing)
            throws Exception {
        return startAlone(name, dataDir, network, clock, snapshotEvery, timing, new V2Store(clock));
    }

    /** As {@link #startAlone(String, Path, Network, Clock, long)} on a store the test provides. */
    static TestMember startAlone(
            String name, Path dataDir, Network network, Clock clock, long snapshotEvery, Store store) throws Exception {
        return startAlone(name, dataDir, network, clock, snapshotEvery, Timing.FAST, store);
    }

    private static TestMember startAlone(
            String name, Path dataDir, Network network, Clock clock, long snapshotEvery, Timing timing, Store store)
            throws Exception {
        TestMember m = new TestMember(name, dataDir, network, clock, snapshotEvery, timing, store);
        long commit = m.storage.memory().hardState().commit();
        if (m.storage.isFresh()) {
            m.node.bootstrapAlone();
        }
        m.node.start(m.transport);
        if (!m.node.awaitApplied(commit, 10_000)) {
            throw new AssertionError(name + " did not replay to " + commit);
        }
        return m;
    }

    /** A new member joining through {@code via}'s peer URL, as -peers does. */
    static TestMember join(String name, Path dataDir, Network network, Clock clock, long snapshotEvery, String via)
            throws Exception {
        return join(name, dataDir, network, clock, snapshotEvery, via, Timing.FAST);
    }

    static TestMember join(
            String name, Path dataDir, Network network, Clock clock, long snapshotEvery, String via, Timing timing)
            throws Exception {
        TestMember m = new TestMember(name, dataDir, network, clock, snapshotEvery, timing, new V2Store(clock));
        m.node.start(m.transport);
        JoinResponse r = m.transport
                .join(via, new JoinRequest(name, "mem://" + name, "http://" + name + ":4001"))
                .get(15, TimeUnit.SECONDS);
        if (!r.ok()) {
            throw new AssertionError(name + " could not join: " + r.error());
        }
        for (Member peer : r.members()) {
            m.node.addPeer(peer.id(), peer.peerUrl());
        }
        return m;
    }

    /** A fresh member, started (its peer port answers) but not yet part of any cluster: the test joins it. */
    static TestMember startedUnjoined(
            String name, Path dataDir, Network network, Clock clock, long snapshotEvery, Timing timing)
            throws Exception {
        TestMember m = new TestMember(name, dataDir, network, clock, snapshotEvery, timing, new V2Store(clock));
        m.node.start(m.transport);
        return m;
    }

    /** This member's join request, as -peers sends it. */
    JoinRequest joinRequest() {
        return new JoinRequest(name, "mem://" + name, "http://" + name + ":4001");
    }

    ApplyResult set(String key, String value) throws Exception {
        return node.propose(Command.set(key, false, value, Command.PERMANENT)).get(15, TimeUnit.SECONDS);
    }

    String valueOf(String key) {
        try {
            return store.get(key, false, false).node().value();
        } catch (Exception missing) {
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        node.close();
        transport.close();
    }
}
