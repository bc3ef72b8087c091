package io.etcdj.server.http;

import io.etcdj.peer.Member;
import io.etcdj.server.cluster.ClusterView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A cluster of one that leads, for tests of the HTTP layer that run without Raft. */
final class LoneLeaderView implements ClusterView {
    private final Member self;

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
}
