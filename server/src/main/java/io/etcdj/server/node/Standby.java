package io.etcdj.server.node;

import io.etcdj.peer.JoinRequest;
import io.etcdj.peer.JoinResponse;
import io.etcdj.peer.Member;
import io.etcdj.peer.PeerTransport;
import io.etcdj.server.cluster.ClusterConfig;
import io.etcdj.server.cluster.RaftNode;
import io.etcdj.server.config.ServerConfig;
import io.etcdj.server.config.ServerConfig.ActiveSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member the cluster refused because it already has activeSize voters (etcd 0.4.6's standby, Documentation/design/
 * standbys.md): it is no Raft voter (its Raft node runs, but no cluster knows it), its client port redirects to the
 * leader ({@link StandbyGate}), and every syncInterval it asks the cluster to join again. The answer to a refused
 * join carries the voters, the leader and the cluster config, which it keeps in {@code standby_info} ({@link
 * StandbyInfo}); once the cluster has a free seat the join is accepted and it becomes an ordinary member (the file is
 * removed). Each ask is bounded by {@value #ASK_TIMEOUT_MS} ms per member.
 */
final class Standby implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Standby.class);
    static final long ASK_TIMEOUT_MS = 5_000;
    /** A failing standby logs one warning per this interval, with the number of failures since the last one. */
    static final long WARN_INTERVAL_MS = 30_000;

    /** Finishes an accepted join (learn the members, wait for this member's registration). */
    interface Promotion {
        void finish(JoinResponse accepted) throws Exception;
    }

    private final ServerConfig config;
    private final RaftNode raft;
    private final PeerTransport transport;
    private final Promotion promotion;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    private volatile StandbyInfo info;
    private volatile boolean standby = true;
    private long lastWarnNanos;
    private long failuresSinceWarn;

    private Standby(
            ServerConfig config, RaftNode raft, PeerTransport transport, StandbyInfo info, Promotion promotion) {
        this.config = config;
        this.raft = raft;
        this.transport = transport;
        this.info = info;
        this.promotion = promotion;
        this.thread = new Thread(this::run, "etcdj-standby-" + config.name());
        this.thread.setDaemon(true);
    }

    /** After a join refused because the cluster is full: records the answer in standby_info and starts asking. */
    static Standby begin(
            ServerConfig config, RaftNode raft, PeerTransport transport, JoinResponse full, Promotion promotion)
            throws IOException {
        StandbyInfo info = infoFrom(full);
        info.write(config.dataDir());
        Standby s = new Standby(config, raft, transport, info, promotion);
        LOG.info(
                "the cluster is full ({} voters, config {}): {} runs as a standby, redirecting clients to the"
                        + " leader {} and asking for a seat every {} s",
                full.members().size(),
                full.clusterConfig(),
                config.name(),
                info.leaderName().isEmpty() ? "(unknown)" : info.leaderName(),
                s.syncIntervalSeconds());
        s.thread.start();
        return s;
    }

    /** A standby restarted on its data dir: from its standby_info, without asking anyone first. */
    static Standby resume(
            ServerConfig config, RaftNode raft, PeerTransport transport, StandbyInfo saved, Promotion promotion) {
        Standby s = new Standby(config, raft, transport, saved, promotion);
        LOG.info(
                "{} restarts as a standby from {} (voters {}, leader {}); asking for a seat every {} s",
                config.name(),
                StandbyInfo.file(config.dataDir()),
                saved.members().stream().map(Member::name).toList(),
                saved.leaderName().isEmpty() ? "(unknown)" : saved.leaderName(),
                s.syncIntervalSeconds());
        s.thread.start();
        return s;
    }

    /** True until the cluster accepts this member as a voter. */
    boolean isStandby() {
        return standby;
    }

    /** Where clients are sent: the leader's client URL as last seen, null when no leader is known. */
    String leaderClientUrl() {
        StandbyInfo current = info;
        return current.members().stream()
                .filter(m -> m.name().equals(current.leaderName()))
                .map(Member::clientUrl)
                .findFirst()
                .orElse(null);
    }

    private double syncIntervalSeconds() {
        ActiveSet fallback = config.cluster().activeSet();
        try {
            return info.clusterConfig().isEmpty()
                    ? fallback.syncIntervalSeconds()
                    : ClusterConfig.fromJson(info.clusterConfig(), fallback).syncIntervalSeconds();
        } catch (IllegalArgumentException damaged) {
            return fallback.syncIntervalSeconds();
        }
    }

    private void run() {
        try {
            while (standby) {
                long waitMs = (long) (syncIntervalSeconds() * 1000);
                if (closed.await(waitMs, TimeUnit.MILLISECONDS)) {
                    return;
                }
                try {
                    askForSeat();
                } catch (RuntimeException e) {
                    warn(e.toString()); // the next round tries again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round: asks the voters (then -peers) in turn until one answers. */
    private void askForSeat() throws InterruptedException {
        JoinRequest request = new JoinRequest(raft.self(), false);
        String lastError = "no member to ask";
        for (String url : candidates()) {
            JoinResponse answer;
            try {
                answer = transport.join(url, request).get(ASK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                lastError = url + ": " + ClusterEntry.rootCause(e);
                continue;
            }
            if (answer.ok()) {
                promote(answer);
                return;
            }
            if (answer.clusterFull()) {
                remember(answer);
                return;
            }
            lastError = url + " refused: " + answer.error();
        }
        warn(lastError);
    }

    private Set<String> candidates() {
        Set<String> urls = new LinkedHashSet<>();
        for (Member m : info.members()) {
            if (m.id() != raft.selfId()) {
                urls.add(m.peerUrl());
            }
        }
        for (String peer : config.cluster().peers()) {
            urls.add(ClusterEntry.peerUrl(config, peer));
        }
        return urls;
    }

    private void promote(JoinResponse accepted) throws InterruptedException {
        try {
            promotion.finish(accepted);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // The join is in the log; asking again is answered "already a member", and finishing is retried.
            warn("joined, but finishing the join failed: " + e.getMessage());
            return;
        }
        standby = false;
        raft.promotedFromStandby();
        Path dataDir = config.dataDir();
        try {
            StandbyInfo.delete(dataDir);
        } catch (IOException e) {
            // The next start runs as a standby again, and is promoted at its first ask ("already a member").
            LOG.warn("could not remove {}: {}", StandbyInfo.file(dataDir), e.toString());
        }
        LOG.info("{} was promoted from standby: it is a voter now", config.name());
    }

    private void remember(JoinResponse full) {
        StandbyInfo next = infoFrom(full);
        if (next.equals(info)) {
            return;
        }
        info = next;
        try {
            next.write(config.dataDir());
        } catch (IOException e) {
            warn("cannot write " + StandbyInfo.file(config.dataDir()) + ": " + e);
        }
    }

    private static StandbyInfo infoFrom(JoinResponse full) {
        String leaderName = full.members().stream()
                .filter(m -> m.id() == full.leaderId())
                .map(Member::name)
                .findFirst()
                .orElse("");
        return StandbyInfo.fromPeer(full.members(), leaderName, full.clusterConfig());
    }

    /** Rate-limited: one WARN per {@value #WARN_INTERVAL_MS} ms, counting the failures in between. */
    private void warn(String problem) {
        failuresSinceWarn++;
        long now = System.nanoTime();
        if (lastWarnNanos == 0 || now - lastWarnNanos > TimeUnit.MILLISECONDS.toNanos(WARN_INTERVAL_MS)) {
            LOG.warn(
                    "standby {} could not ask for a seat ({} failed attempt(s) since the last warning): {}",
                    config.name(),
                    failuresSinceWarn,
                    problem);
            lastWarnNanos = now;
            failuresSinceWarn = 0;
        }
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            thread.join(ASK_TIMEOUT_MS * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
