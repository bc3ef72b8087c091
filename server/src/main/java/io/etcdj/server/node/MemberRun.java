package io.etcdj.server.node;

import io.etcdj.server.config.ServerConfig;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member as the process runs it, from start to stop. When the cluster removes it (the leader lowering the
 * active set, {@code DELETE /v2/admin/machines/<name>}, {@code DELETE /v2/members/<id>}, or unreachable past
 * removeDelay) it does not exit: as etcd 0.4.6's peer server handed over to its standby server, the node is closed
 * (Raft, log, both ports), {@code standby_info} is written beside its log, and it starts again on the same config as
 * a standby from that file: its client port redirects to the leader, and it rejoins with the log it kept when the
 * cluster has a free seat (the leader sends what it missed). A failure anywhere in that change completes {@link #failure()}:
 * the process must then stop (never a member half closed, half started).
 */
public final class MemberRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemberRun.class);

    private final ServerConfig config;
    private final Clock clock;
    private final CompletableFuture<String> failure = new CompletableFuture<>();
    /** Held while the node is replaced, and by {@link #close()}: a stop waits for a replacement under way. */
    private final Object replacing = new Object();
    /** The running node; null while it is being replaced. Read without the lock by failure callbacks. */
    private volatile EtcdNode current;

    private boolean closed;

    private MemberRun(ServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Starts the member; a bad setting or a failed start-up throws, as {@link EtcdNode#start} does. */
    public static MemberRun start(ServerConfig config, Clock clock) throws Exception {
        MemberRun run = new MemberRun(config, clock);
        run.watch(EtcdNode.start(config, clock));
        return run;
    }

    /** Completes with the reason when this member can no longer work: the process should stop (fail-stop). */
    public CompletableFuture<String> failure() {
        return failure;
    }

    /** The node running now (null while it is being replaced by a standby). */
    public EtcdNode node() {
        return current;
    }

    private void watch(EtcdNode node) {
        current = node;
        node.failure().thenAccept(reason -> {
            if (current == node) {
                failure.complete(reason);
            }
        });
        // Not on the thread that completes it (the Raft thread, or the one that applied the removal): closing the
        // node joins those threads.
        node.removed().thenRunAsync(() -> becomeStandby(node), task -> {
            Thread t = new Thread(task, "etcdj-become-standby-" + config.name());
            t.start();
        });
    }

    private void becomeStandby(EtcdNode removed) {
        synchronized (replacing) {
            if (closed || current != removed) {
                return;
            }
            LOG.warn("{} was removed from the cluster: it becomes a standby (its log is kept)", config.name());
            try {
                StandbyInfo lastSeen = removed.clusterAsLastSeen();
                current = null;
                removed.close();
                // The log stays: a member that forgot its votes and entries and came back under its old id (ids
                // come from names) could let a candidate with an older configuration win without the entries
                // committed since. The file alone makes the next start a standby's.
                lastSeen.write(config.dataDir());
                LOG.warn(
                        "{} keeps its log; {} now records the cluster as last seen: {}",
                        config.name(),
                        StandbyInfo.file(config.dataDir()),
                        lastSeen.members().stream().map(m -> m.name()).toList());
                EtcdNode next = EtcdNode.start(config, clock);
                watch(next);
                if (!next.isStandby()) {
                    throw new IllegalStateException("the restarted member is not a standby");
                }
                LOG.info(
                        "{} runs as a standby after its removal; it rejoins with its log when a seat is free",
                        config.name());
            } catch (Exception | Error e) {
                LOG.error("{} could not become a standby after its removal", config.name(), e);
                failure.complete("becoming a standby after the removal failed: " + e);
            }
        }
    }

    /** Stops the member (waiting for a replacement under way to finish). */
    @Override
    public void close() throws Exception {
        synchronized (replacing) {
            closed = true;
            EtcdNode node = current;
            current = null;
            if (node != null) {
                node.close();
            }
        }
    }
}
