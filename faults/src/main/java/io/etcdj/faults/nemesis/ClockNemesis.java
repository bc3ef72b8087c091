package io.etcdj.faults.nemesis;

import io.etcdj.faults.cluster.FaultCluster;
import io.etcdj.faults.cluster.MemberProcess;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Jumps the wall clock of a follower by 10 to 60 minutes, forward or back, through the server's test-only clock
 * offset file. TTL expiry is driven by the leader's clock alone, so a follower's jump must change nothing: no key
 * may expire early. If the jumped member becomes leader while its clock is off, early expiry is what etcd does too;
 * {@link #jumpedMemberLed()} then tells the TTL check not to count it.
 */
public final class ClockNemesis implements Nemesis {
    private final AtomicBoolean jumpedMemberLed = new AtomicBoolean();

    @Override
    public String name() {
        return "clock";
    }

    public boolean jumpedMemberLed() {
        return jumpedMemberLed.get();
    }

    @Override
    public Fault inject(FaultCluster cluster, Random random) throws IOException {
        List<MemberProcess> members = cluster.members();
        Optional<MemberProcess> leader = cluster.leader();
        List<MemberProcess> followers = members.stream()
                .filter(m -> leader.isEmpty() || m != leader.get())
                .toList();
        MemberProcess target = followers.get(random.nextInt(followers.size()));
        long offsetMs = (random.nextBoolean() ? 1 : -1) * (600_000L + random.nextInt(3_000_000));
        target.setClockOffsetMs(offsetMs);
        return new Fault() {
            @Override
            public String description() {
                return "clock of " + target.name() + " " + (offsetMs > 0 ? "+" : "") + offsetMs / 1000 + " s";
            }

            @Override
            public void tick(Random tickRandom) {
                if (cluster.leader().filter(l -> l == target).isPresent()) {
                    jumpedMemberLed.set(true);
                }
            }

            @Override
            public void heal() throws IOException {
                if (cluster.leader().filter(l -> l == target).isPresent()) {
                    jumpedMemberLed.set(true);
                }
                target.setClockOffsetMs(0);
            }
        };
    }
}
