package io.etcdj.server.node;

import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.Member;
import io.etcdj.peer.PeerTransport;
import io.etcdj.server.cluster.ClusterConfig;
import io.etcdj.server.cluster.RaftNode;
import io.etcdj.server.cluster.RaftStorage;
import io.etcdj.server.config.ConfigException;
import io.etcdj.server.config.ServerConfig;
import io.etcdj.server.config.ServerConfig.ActiveSet;
import io.etcdj.server.discovery.Discovery;
import io.etcdj.server.discovery.RedactedUrl;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a starting member takes its place in a cluster, the last step of start-up (after the ports are bound and the
 * data dir is opened): restart from the log, form a new cluster, or join one through -peers. Each wait is bounded by
 * {@value #STARTUP_TIMEOUT_SECONDS} s and ends start-up with a message saying what did not happen.
 */
final class ClusterEntry {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterEntry.class);
    static final long STARTUP_TIMEOUT_SECONDS = 60;

    private ClusterEntry() {}

    /**
     * A new data dir either forms a new cluster (no -peers) or joins one through the first peer that answers; a data
     * dir with a log restarts from it (etcd 0.4 did the same: the log knows the cluster). A join refused because the
     * cluster has its active size, or a data dir holding standby_info, makes this member a standby.
     *
     * @return the standby this member runs as, or null when it is a voter
     */
    static Standby enter(ServerConfig config, RaftNode raft, PeerTransport transport) throws Exception {
        RaftStorage storage = raft.storage();
        String discoveryUrl = config.cluster().discoveryUrl();
        StandbyInfo saved = StandbyInfo.read(config.dataDir());
        if (saved != null) {
            // A standby knows its cluster from standby_info: neither -discovery nor -peers is asked again. A removed
            // member's log is kept (its votes and entries must not be forgotten under its old id), so a log beside
            // the file is no sign of a promotion: one promoted and stopped before the file was removed is answered
            // "already a member" at its first ask, and finishes its promotion then.
            if (!storage.isFresh()) {
                LOG.info(
                        "{} holds standby_info and the log kept from before its removal: it restarts as a standby",
                        config.dataDir());
            }
            ServerConfig asGiven = config;
            if (storage.isFresh()) {
                raft.holdVotesUntilCaughtUp();
            }
            raft.runAsStandby();
            raft.start(transport, asGiven.cluster().activeSet());
            return Standby.resume(asGiven, raft, transport, saved, accepted -> finishJoin(asGiven, raft, accepted));
        }
        if (storage.isFresh() && discoveryUrl != null) {
            // Cluster-finding order (0.4.6): the log, then -discovery, then -peers. Discovery's answer replaces
            // -peers: empty means this member is the token's first and forms the cluster.
            config = config.withCluster(config.cluster().withPeers(Discovery.find(config, raft::isRunning)));
        }
        ServerConfig found = config;
        List<String> peers = found.cluster().peers();
        Standby.Promotion promotion = accepted -> finishJoin(found, raft, accepted);
        if (!storage.isFresh()) {
            long commit = storage.memory().hardState().commit();
            if (discoveryUrl != null) {
                LOG.info(
                        "{} holds a log: restarting from it; -discovery {} not used",
                        config.dataDir(),
                        RedactedUrl.of(discoveryUrl));
            }
            if (!peers.isEmpty()) {
                LOG.info("{} holds a log: restarting from it (-peers {} not needed)", config.dataDir(), peers);
            }
            raft.start(transport, config.cluster().activeSet());
            if (!raft.awaitApplied(commit, TimeUnit.SECONDS.toMillis(STARTUP_TIMEOUT_SECONDS))) {
                throw new IllegalStateException(
                        "replaying the log up to index " + commit + " took over " + STARTUP_TIMEOUT_SECONDS + " s");
            }
            LOG.info(
                    "restarted {} from data dir {}: log applied up to index {}; members: {}",
                    config.name(),
                    config.dataDir(),
                    raft.appliedIndex(),
                    names(raft));
            raft.republishIfMoved();
            raft.checkStillAMember(); // removed while it was down? It then becomes a standby (MemberRun)
            return null;
        }
        if (peers.isEmpty()) {
            raft.bootstrapAlone();
            raft.start(transport, config.cluster().activeSet());
            awaitRegistered(raft, config.name());
            if (!raft.awaitLeader(TimeUnit.SECONDS.toMillis(STARTUP_TIMEOUT_SECONDS))) {
                throw new IllegalStateException("the new one-member cluster elected no leader");
            }
            LOG.info("formed a new cluster; {} is its first member and leader", config.name());
            storeNonDefaultClusterConfig(found, raft);
            return null;
        }
        raft.holdVotesUntilCaughtUp();
        raft.start(transport, config.cluster().activeSet());
        JoinResponse joined = join(transport, config, raft.self());
        if (joined.clusterFull()) {
            raft.runAsStandby();
            return Standby.begin(config, raft, transport, joined, promotion);
        }
        finishJoin(config, raft, joined);
        return null;
    }

    /**
     * A cluster formed with -cluster-* flags other than the defaults stores them at once, so that every member, also
     * one restarted later with other flags, reads the same config from the log. With the defaults nothing is written
     * (0.4.6 stored the config only on PUT, and the seed's indices start right after the member's registration).
     */
    private static void storeNonDefaultClusterConfig(ServerConfig config, RaftNode raft) throws Exception {
        ActiveSet flags = config.cluster().activeSet();
        if (flags.equals(ActiveSet.DEFAULTS)) {
            return;
        }
        raft.proposeClusterConfig(flags).get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        LOG.info("stored the cluster config {} given by the -cluster-* settings", ClusterConfig.toJson(flags));
    }

    /** After an accepted join: learns where every member listens and waits for this member's registration. */
    private static void finishJoin(ServerConfig config, RaftNode raft, JoinResponse joined) throws Exception {
        if (!joined.clusterConfig().isEmpty()) {
            try {
                raft.adoptClusterConfig(ClusterConfig.fromJson(
                        joined.clusterConfig(), config.cluster().activeSet()));
            } catch (IllegalArgumentException e) {
                LOG.warn(
                        "the cluster's config {} is unreadable ({}); using the flags' until one is stored",
                        joined.clusterConfig(),
                        e.getMessage());
            }
        }
        for (Member m : joined.members()) {
            raft.addPeer(m.id(), m.peerUrl());
        }
        awaitRegistered(raft, config.name());
        LOG.info("{} joined the cluster; members: {}", config.name(), names(raft));
    }

    /**
     * Asks each peer in turn, for up to {@value #STARTUP_TIMEOUT_SECONDS} s, to add this member. Returns the accepted
     * answer, or a refusal because the cluster is full (the caller runs this member as a standby).
     */
    private static JoinResponse join(PeerTransport transport, ServerConfig config, Member self) throws Exception {
        List<String> peers = config.cluster().peers();
        JoinRequest request = new JoinRequest(self, false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_TIMEOUT_SECONDS);
        String lastError = "no peer answered";
        long backoffMs = 100;
        while (System.nanoTime() < deadline) {
            for (String peer : peers) {
                String url = peerUrl(config, peer);
                try {
                    JoinResponse answer = transport.join(url, request).get(15, TimeUnit.SECONDS);
                    if (answer.ok()) {
                        LOG.info("joined through {}", url);
                        return answer;
                    }
                    if (answer.clusterFull()) {
                        LOG.info("{} answered: {} (error {})", url, answer.error(), answer.errorCode());
                        return answer;
                    }
                    lastError = "refused: " + answer.error();
                } catch (ExecutionException | TimeoutException e) {
                    lastError = rootCause(e);
                }
                LOG.warn("joining through {} failed: {}; retrying", url, lastError);
            }
            Thread.sleep(backoffMs);
            backoffMs = Math.min(2_000, backoffMs * 2);
        }
        throw new ConfigException("cannot join the cluster through -peers " + String.join(",", peers) + " within "
                + STARTUP_TIMEOUT_SECONDS + " s; last error: " + lastError);
    }

    /** A -peers entry as a URL: host:port gets the scheme the peer port speaks. */
    static String peerUrl(ServerConfig config, String peer) {
        return peer.contains("://") ? peer : (config.cluster().peerTls() == null ? "http://" : "https://") + peer;
    }

    /** The innermost cause, on one line: what an operator can act on (a refused certificate, a refused connection). */
    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + ": " + message;
    }

    /** Bounded: until this member's /_etcd/machines entry is applied here. */
    private static void awaitRegistered(RaftNode raft, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_TIMEOUT_SECONDS);
        while (raft.members().byName(name).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "this member's registration did not apply within " + STARTUP_TIMEOUT_SECONDS + " s");
            }
            raft.awaitApplied(raft.appliedIndex() + 1, 50);
        }
    }

    private static String names(RaftNode raft) {
        return raft.members().all().stream().map(Member::name).toList().toString();
    }
}
