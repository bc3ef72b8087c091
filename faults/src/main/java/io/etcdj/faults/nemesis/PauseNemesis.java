package io.etcdj.faults.nemesis;

import io.etcdj.faults.cluster.FaultCluster;
import io.etcdj.faults.cluster.MemberProcess;
import java.io.IOException;
import java.util.Random;

/**
 * SIGSTOP of the leader or a random member for the whole fault (seconds: far longer than the election timeout, so
 * the others elect a new leader while the paused one still believes it leads), then SIGCONT.
 */
public final class PauseNemesis implements Nemesis {
    @Override
    public String name() {
        return "pause";
    }

    @Override
    public Fault inject(FaultCluster cluster, Random random) throws IOException, InterruptedException {
        MemberProcess target = Targets.leaderOrAny(cluster, random);
        target.pause();
        return new Fault() {
            @Override
            public String description() {
                return "kill -STOP " + target.name();
            }

            @Override
            public void heal() throws IOException, InterruptedException {
                target.resume();
            }
        };
    }
}
