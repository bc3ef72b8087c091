package io.etcdj.server.cluster;

import io.etcdj.peer.Ack;
import io.etcdj.peer.Member;
import io.etcdj.server.config.ServerConfig.ActiveSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's watch over the active set, once a second as in etcd 0.4.6 (peer_server.go monitorActiveSize and
 * monitorPeerActivity): it removes a random non-leader voter while there are more voters than activeSize, and removes a voter it has not heard from (no append or heartbeat response)
 * for longer than removeDelay. Removals go through {@link Membership}, one at a time, so a freed seat can be taken by
 * a standby. It runs on its own thread: a removal waits for its entry to commit, which the Raft thread must not do.
 * On a follower it does nothing.
 */
final class ActiveSetMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveSetMonitor.class);
    static final long PERIOD_MS = 1_000;

    private final RaftNode node;
    private final ScheduledExecutorService timer;
    /**
     * Per voter id, when this member (as leader) first watched it: a voter is judged from then, not from the last
     * response an earlier leadership recorded (statistics start again at each election). Timer thread only.
     */
    private final Map<Long, Long> watchedSinceNanos = new HashMap<>();
    /** The term of the leadership {@link #watchedSinceNanos} belongs to. Timer thread only. */
    private long watchedTerm = -1;

    private ActiveSetMonitor(RaftNode node) {
        this.node = node;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "etcdj-active-set-" + node.self().name());
            t.setDaemon(true);
            return t;
        });
    }

    static ActiveSetMonitor start(RaftNode node) {
        ActiveSetMonitor monitor = new ActiveSetMonitor(node);
        monitor.timer.scheduleWithFixedDelay(monitor::tickSafely, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        return monitor;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // The next tick tries again; a failing tick must not end the schedule.
            LOG.warn("checking the active set failed", e);
        }
    }

    private void tick() {
        if (!node.isRunning() || !node.isLeader()) {
            watchedSinceNanos.clear();
            return;
        }
        long term = node.term();
        if (term != watchedTerm) {
            // A new leadership, even one that began and ended between two ticks: its statistics start again.
            watchedSinceNanos.clear();
            watchedTerm = term;
        }
        ActiveSet config = node.clusterConfig();
        List<Member> voters = node.knownMembers();
        List<Member> others =
                voters.stream().filter(m -> m.id() != node.selfId()).toList();
        if (voters.size() > config.activeSize() && !others.isEmpty()) {
            Member victim = others.get(ThreadLocalRandom.current().nextInt(others.size()));
            LOG.info(
                    "the cluster has {} voters, activeSize is {}: removing {}",
                    voters.size(),
                    config.activeSize(),
                    victim.name());
            remove(victim);
            return;
        }
        long now = System.nanoTime();
        watchedSinceNanos.keySet().retainAll(others.stream().map(Member::id).toList());
        long removeDelayNanos = (long) (config.removeDelaySeconds() * 1e9);
        for (Member m : others) {
            long since = watchedSinceNanos.computeIfAbsent(m.id(), id -> now);
            RaftStats.Follower f = node.stats().followers().get(m.id());
            long last = silentSinceNanos(since, f != null, f == null ? 0 : f.lastHeardNanos());
            if (last != NOT_JUDGED && now - last > removeDelayNanos) {
                LOG.warn(
                        "removing {}: not heard from for {} s (removeDelay {} s)",
                        m.name(),
                        TimeUnit.NANOSECONDS.toSeconds(now - last),
                        config.removeDelaySeconds());
                remove(m);
                return;
            }
        }
    }

    static final long NOT_JUDGED = Long.MIN_VALUE;

    /**
     * From when a voter's silence counts ({@code System.nanoTime()}): its last answer in this leadership, else when
     * this leadership began watching it; {@link #NOT_JUDGED} when there are no statistics for it. Those are cleared
     * when this member steps down and made again by the first heartbeat it sends as leader, so reading them in between
     * would judge a voter heard a moment ago as silent since the watch began (seen at a step-down: "removing machine2:
     * not heard from for 2802 s" of a member that had answered all along).
     *
     * @param hasStats       whether the leader keeps statistics for the voter now
     * @param lastHeardNanos its last answer, 0 for none
     */
    static long silentSinceNanos(long watchedSinceNanos, boolean hasStats, long lastHeardNanos) {
        if (!hasStats) {
            return NOT_JUDGED;
        }
        return lastHeardNanos != 0 && lastHeardNanos - watchedSinceNanos > 0 ? lastHeardNanos : watchedSinceNanos;
    }

    private void remove(Member m) {
        Ack ack = node.requestRemoval(m.name());
        if (ack.ok()) {
            watchedSinceNanos.remove(m.id());
        } else {
            LOG.warn("removing {} failed: {}; trying again in {} ms", m.name(), ack.error(), PERIOD_MS);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
