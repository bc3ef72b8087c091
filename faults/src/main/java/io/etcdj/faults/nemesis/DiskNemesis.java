package io.etcdj.faults.nemesis;

import io.etcdj.faults.cluster.FaultCluster;
import io.etcdj.faults.cluster.MemberProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A member restarted on a bad disk, through the WAL's test-only hook {@code -Detcdj.fault.fsync}: either every fsync
 * is slow ({@code delay:MS}), or every fsync after the first N throws ({@code fail-after:N}), when the member must
 * stop (fail-stop, a non-zero exit) rather than acknowledge a write it could not make durable. Healed by restarting
 * it on a good disk. A failing-disk member that is still running at heal after the cluster wrote through it is
 * reported through {@code violations}.
 */
public final class DiskNemesis implements Nemesis {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration FAIL_STOP_WAIT = Duration.ofSeconds(30);
    private final Consumer<String> violations;

    public DiskNemesis(Consumer<String> violations) {
        this.violations = violations;
    }

    @Override
    public String name() {
        return "disk";
    }

    @Override
    public Fault inject(FaultCluster cluster, Random random) throws IOException, InterruptedException {
        MemberProcess target = Targets.leaderOrAny(cluster, random);
        boolean failing = random.nextBoolean();
        // fail-after: anywhere from start-up (a handful of fsyncs; the member must then refuse to come up) to well
        // into the workload (a follower fsyncs once per batch of appends it receives).
        String spec = failing ? "fail-after:" + random.nextInt(100) : "delay:" + (50 + random.nextInt(250));
        target.kill();
        target.start(List.of("-Detcdj.fault.fsync=" + spec));
        // The fault is in force once the member runs on the bad disk (a loaded machine takes seconds to start a JVM).
        cluster.awaitUpOrExited(target, START);
        if (failing) {
            // The fault's point is the failed fsync: give the member the writes it needs to reach it (it must then
            // stop), bounded; a member still catching up may take a while to be sent its first appends.
            long deadline = System.nanoTime() + FAIL_STOP_WAIT.toNanos();
            while (target.alive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        StringBuilder outcome = new StringBuilder();
        return new Fault() {
            @Override
            public String description() {
                return "disk " + spec + " on " + target.name() + outcome;
            }

            @Override
            public void heal() throws IOException, InterruptedException {
                int exit = target.exitCode();
                if (failing) {
                    outcome.append(
                            exit < 0 ? " (still running: too few fsyncs to fail)" : " (stopped, exit " + exit + ")");
                    if (exit == 0) {
                        violations.accept(
                                target.name() + " exited 0 after its fsync failed (fail-stop must be non-zero)");
                    }
                }
                target.kill();
                target.start(List.of());
            }
        };
    }
}
