package io.etcdj.server.http;

import io.etcdj.peer.Member;
import io.etcdj.server.cluster.ClusterView;
import io.etcdj.server.cluster.Reservations;
import io.etcdj.server.config.ServerConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A cluster of one that leads, for tests of the HTTP layer that run without Raft. */
final class LoneLeaderView implements ClusterView {
    private final Member self;
    /** The cluster config as a lone leader keeps it: applied as soon as it is set (there is no one to replicate to). */
    private volatile ServerConfig.ActiveSet clusterConfig = ServerConfig.ActiveSet.DEFAULTS;

    LoneLeaderView(String name) {
        this.self = Member.named(name, "http://127.0.0.1:7001", "http://127.0.0.1:4001");
    }

    @Override
    public String selfName() {
        return self.name();
    }

    @Override
    public String state() {
        return "leader";
    }

    @Override
    public boolean isLeader() {
        return true;
    }

    @Override
    public String leaderName() {
        return self.name();
    }

    @Override
    public List<Member> members() {
        return List.of(self);
    }

    @Override
    public long receivedAppends() {
        return 0;
    }

    @Override
    public long sentAppends() {
        return 0;
    }

    @Override
    public Instant leaderSince() {
        return null;
    }

    @Override
    public Map<String, FollowerStats> followerStats() {
        return Map.of();
    }

    @Override
    public String loopProblem() {
        return null;
    }

    @Override
    public long appliedIndex() {
        return 0;
    }

    @Override
    public String removeMember(String name) {
        return "a cluster of one in a test";
    }

    @Override
    public List<Reservations.Reservation> reservations() {
        return List.of();
    }

    @Override
    public MemberChange reservePeerUrl(String peerUrl) {
        return new MemberChange(MemberChange.Outcome.UNAVAILABLE, "a cluster of one in a test takes no members", null);
    }

    @Override
    public MemberChange removeById(long id) {
        return new MemberChange(MemberChange.Outcome.NOT_FOUND, "no member with id " + Long.toHexString(id), null);
    }

    @Override
    public ServerConfig.ActiveSet clusterConfig() {
        return clusterConfig;
    }

    @Override
    public CompletableFuture<Void> setClusterConfig(ServerConfig.ActiveSet config) {
        clusterConfig = config;
        return CompletableFuture.completedFuture(null);
    }
}
