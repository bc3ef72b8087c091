package io.etcdj.faults.nemesis;

import io.etcdj.faults.cluster.FaultCluster;
import io.etcdj.faults.cluster.MemberProcess;
import java.util.List;
import java.util.Random;

/** Which member a fault hits: the leader half of the time (when one is known), else any member. */
final class Targets {
    private Targets() {}

    static MemberProcess leaderOrAny(FaultCluster cluster, Random random) {
        List<MemberProcess> members = cluster.members();
        if (random.nextBoolean()) {
            return cluster.leader().orElseGet(() -> members.get(random.nextInt(members.size())));
        }
        return members.get(random.nextInt(members.size()));
    }
}
