package io.etcdj.faults.nemesis;

import io.etcdj.faults.cluster.FaultCluster;
import io.etcdj.faults.cluster.MemberProcess;
import java.io.IOException;
import java.util.List;
import java.util.Random;

/** SIGKILL of the leader or a random member; healed by restarting it on the same data dir with the same flags. */
public final class KillNemesis implements Nemesis {
    @Override
    public String name() {
        return "kill";
    }

    @Override
    public Fault inject(FaultCluster cluster, Random random) throws InterruptedException {
        MemberProcess target = Targets.leaderOrAny(cluster, random);
        target.kill();
        return new Fault() {
            @Override
            public String description() {
                return "kill -9 " + target.name();
            }

            @Override
            public void heal() throws IOException {
                target.start(List.of());
            }
        };
    }
}
