package io.etcdj.faults.nemesis;

import io.etcdj.faults.cluster.FaultCluster;
import io.etcdj.faults.cluster.MemberProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Network partitions between members, with iptables ({@link Iptables}). Shapes: the leader cut off from everyone; a
 * random majority/minority split; a bridge (two sides that each see one middle member); flapping (a new random split
 * every tick). Clients (the test process, on 127.0.0.1) still reach every member, as Jepsen's control node does.
 */
public final class PartitionNemesis implements Nemesis {
    private final Iptables iptables;

    public PartitionNemesis(Iptables iptables) {
        this.iptables = iptables;
    }

    @Override
    public String name() {
        return "partition";
    }

    @Override
    public Fault inject(FaultCluster cluster, Random random) throws IOException, InterruptedException {
        List<MemberProcess> members = cluster.members();
        int shape = random.nextInt(4);
        String description;
        boolean flapping = false;
        switch (shape) {
            case 0 -> {
                MemberProcess leader = cluster.leader().orElse(members.get(random.nextInt(members.size())));
                List<MemberProcess> rest = new ArrayList<>(members);
                rest.remove(leader);
                cut(List.of(leader), rest);
                description = "partition: isolate leader " + leader.name();
            }
            case 1 -> description = "partition: " + randomSplit(members, random);
            case 2 -> {
                List<MemberProcess> shuffled = new ArrayList<>(members);
                Collections.shuffle(shuffled, random);
                MemberProcess bridge = shuffled.get(0);
                int half = (shuffled.size() - 1) / 2;
                List<MemberProcess> left = shuffled.subList(1, 1 + half);
                List<MemberProcess> right = shuffled.subList(1 + half, shuffled.size());
                cut(left, right);
                description = "partition: bridge " + bridge.name() + " between " + names(left) + " and " + names(right);
            }
            default -> {
                flapping = true;
                description = "partition: flapping, first " + randomSplit(members, random);
            }
        }
        boolean flaps = flapping;
        return new Fault() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public void tick(Random tickRandom) throws IOException, InterruptedException {
                if (flaps) {
                    iptables.removeAll();
                    if (tickRandom.nextBoolean()) {
                        randomSplit(members, tickRandom);
                    }
                }
            }

            @Override
            public void heal() throws IOException, InterruptedException {
                iptables.removeAll();
            }
        };
    }

    private String randomSplit(List<MemberProcess> members, Random random) throws IOException, InterruptedException {
        List<MemberProcess> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, random);
        int minority = (shuffled.size() - 1) / 2;
        List<MemberProcess> small = shuffled.subList(0, Math.max(1, minority));
        List<MemberProcess> large = shuffled.subList(small.size(), shuffled.size());
        cut(small, large);
        return names(small) + " | " + names(large);
    }

    private void cut(List<MemberProcess> one, List<MemberProcess> other) throws IOException, InterruptedException {
        for (MemberProcess a : one) {
            for (MemberProcess b : other) {
                iptables.drop(a.host(), b.host());
                iptables.drop(b.host(), a.host());
            }
        }
    }

    private static String names(List<MemberProcess> members) {
        return members.stream().map(MemberProcess::name).toList().toString();
    }
}
