package io.etcdj.server.cluster;

import io.etcdj.peer.Ack;
import io.etcdj.peer.Member;
import io.etcdj.raft.StateType;
import io.etcdj.server.config.ServerConfig.ActiveSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The cluster as the HTTP layer sees it: roles and leader from the Raft node, names and URLs from the keyspace. */
public final class RaftClusterView implements ClusterView {
    private final RaftNode node;
    private final String selfName;
    private final MemberChanges memberChanges;

    public RaftClusterView(RaftNode node, String selfName) {
        this.node = node;
        this.selfName = selfName;
        this.memberChanges = new MemberChanges(node);
    }

    @Override
    public String selfName() {
        return selfName;
    }

    @Override
    public String state() {
        StateType s = node.state();
        return switch (s) {
            case LEADER -> "leader";
            case FOLLOWER -> "follower";
            case CANDIDATE, PRE_CANDIDATE -> "candidate";
        };
    }

    @Override
    public boolean isLeader() {
        return node.isLeader();
    }

    @Override
    public String leaderName() {
        long leader = node.leaderId();
        return leader == 0 ? null : node.members().nameOf(leader).orElse(null);
    }

    @Override
    public List<Member> members() {
        String leader = leaderName();
        List<Member> out = new ArrayList<>();
        for (Member m : node.members().all()) {
            if (m.name().equals(leader)) {
                out.add(0, m);
            } else {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public String loopProblem() {
        return node.health().problem();
    }

    @Override
    public long appliedIndex() {
        return node.appliedIndex();
    }

    @Override
    public String removeMember(String name) {
        Ack ack = node.requestRemoval(name);
        return ack.ok() ? null : ack.error();
    }

    @Override
    public List<Reservations.Reservation> reservations() {
        return memberChanges.reservations();
    }

    @Override
    public MemberChange reservePeerUrl(String peerUrl) {
        return memberChanges.reserve(peerUrl);
    }

    @Override
    public MemberChange removeById(long id) {
        return memberChanges.removeById(id);
    }

    @Override
    public ActiveSet clusterConfig() {
        return node.clusterConfig();
    }

    @Override
    public CompletableFuture<Void> setClusterConfig(ActiveSet config) {
        return node.proposeClusterConfig(config).thenApply(applied -> null);
    }

    @Override
    public long receivedAppends() {
        return node.stats().receivedAppends();
    }

    @Override
    public long sentAppends() {
        return node.stats().sentAppends();
    }

    @Override
    public Instant leaderSince() {
        return node.stats().leaderSince();
    }

    @Override
    public Map<String, FollowerStats> followerStats() {
        Map<String, FollowerStats> out = new LinkedHashMap<>();
        if (!node.isLeader()) {
            return out;
        }
        for (Member m : node.members().all()) {
            if (m.id() == node.selfId()) {
                continue;
            }
            RaftStats.Follower f = node.stats().followers().get(m.id());
            RaftStats.Follower.Snapshot s = f == null ? new RaftStats.Follower().snapshot() : f.snapshot();
            out.put(
                    m.name(),
                    new FollowerStats(
                            s.current(),
                            s.average(),
                            s.standardDeviation(),
                            s.minimum(),
                            s.maximum(),
                            s.success(),
                            s.fail()));
        }
        return out;
    }
}
