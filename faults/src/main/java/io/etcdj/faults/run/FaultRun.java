package io.etcdj.faults.run;

import io.etcdj.faults.cluster.FaultCluster;
import io.etcdj.faults.cluster.MemberProcess;
import io.etcdj.faults.history.History;
import io.etcdj.faults.nemesis.ClockNemesis;
import io.etcdj.faults.nemesis.DiskNemesis;
import io.etcdj.faults.nemesis.Iptables;
import io.etcdj.faults.nemesis.KillNemesis;
import io.etcdj.faults.nemesis.Nemesis;
import io.etcdj.faults.nemesis.PartitionNemesis;
import io.etcdj.faults.nemesis.PauseNemesis;
import io.etcdj.faults.nemesis.RemoveNemesis;
import io.etcdj.faults.workload.AckedWrites;
import io.etcdj.faults.workload.Availability;
import io.etcdj.faults.workload.EtcdHttp;
import io.etcdj.faults.workload.InOrderWorkload;
import io.etcdj.faults.workload.RegisterWorkload;
import io.etcdj.faults.workload.SetWorkload;
import io.etcdj.faults.workload.StopSignal;
import io.etcdj.faults.workload.TtlWorkload;
import io.etcdj.faults.workload.WatchWorkload;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One run: start the cluster, run the workloads while the nemeses inject faults, heal everything, let the cluster
 * recover, read the final state from every member, check, and report. Everything random follows from the seed (the
 * operations' timing cannot, so a replay hits the same faults at the same moments but not the same interleavings).
 */
public final class FaultRun {
    /**
     * A bound, not a wait: a member joins as soon as it can. A member with peer TLS took 12 s to start and join under
     * stress-ng --cpu 4 and more than 60 s with two CI runs on the same 2 cores; the log tails say which when it fails.
     */
    private static final Duration START_PER_MEMBER = Duration.ofSeconds(120);

    private static final Duration RECOVERY = Duration.ofSeconds(5);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** TTL keys outlive the run by this much: none may expire before the final read. */
    private static final long TTL_BEYOND_RUN_SECONDS = 600;

    private final RunOptions options;
    private final PrintStream out;

    public FaultRun(RunOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public RunResult run() throws IOException, InterruptedException {
        Files.createDirectories(options.workDir());
        RunOptions effective = options;
        Iptables iptables = null;
        if (options.nemeses().contains("partition")) {
            String unavailable = Iptables.unavailableReason();
            if (unavailable == null) {
                iptables = Iptables.forRun(Long.toHexString(options.seed()) + "-"
                        + ProcessHandle.current().pid());
            } else {
                out.println("faults: partitions SKIPPED, not faked: " + unavailable);
                List<String> rest = new ArrayList<>(options.nemeses());
                rest.remove("partition");
                effective = options.withNemeses(rest);
            }
        }
        Random random = new Random(options.seed());
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        try (FaultCluster cluster =
                FaultCluster.create(options.nodes(), options.workDir(), options.peerTls(), random)) {
            out.println("faults: " + options.nodes() + " members on "
                    + cluster.block().hosts() + " client port "
                    + cluster.block().clientPort() + ", peer port "
                    + cluster.block().peerPort() + ", in "
                    + options.workDir());
            long starting = System.nanoTime();
            cluster.start(START_PER_MEMBER);
            out.println("faults: cluster up in " + millisSince(starting) + " ms");
            try {
                return runOn(cluster, effective, random, iptables, violations);
            } finally {
                if (iptables != null) {
                    iptables.removeAll();
                }
            }
        }
    }

    private RunResult runOn(
            FaultCluster cluster, RunOptions run, Random random, Iptables iptables, List<String> violations)
            throws IOException, InterruptedException {
        List<String> urls =
                cluster.members().stream().map(MemberProcess::clientUrl).toList();
        EtcdHttp http = new EtcdHttp(Duration.ofSeconds(3));
        History history = new History();
        Availability availability = new Availability();
        AckedWrites acked = new AckedWrites();
        RegisterWorkload registers = new RegisterWorkload(http, urls, history, availability, acked, !run.localReads());
        SetWorkload set = new SetWorkload(http, urls, availability);
        InOrderWorkload inOrder = new InOrderWorkload(http, urls, availability);
        TtlWorkload ttl = new TtlWorkload(http, urls, run.timeSeconds() + TTL_BEYOND_RUN_SECONDS);
        long startIndex = new SetWorkload(http, urls, availability).quorumIndex(urls.get(0));
        List<WatchWorkload> watchers = new ArrayList<>();
        for (MemberProcess member : cluster.members()) {
            watchers.add(new WatchWorkload(
                    new EtcdHttp(Duration.ofSeconds(10)),
                    member.name(),
                    member.clientUrl(),
                    RegisterWorkload.directory(),
                    startIndex + 1));
        }

        StopSignal stopClients = new StopSignal();
        StopSignal stopWatchers = new StopSignal();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < run.clients(); c++) {
            clients.add(started("register-" + c, registers.client(c, random.nextLong(), stopClients)));
        }
        clients.add(started("set", set.client(random.nextLong(), stopClients)));
        clients.add(started("in-order", inOrder.client(random.nextLong(), stopClients)));
        clients.add(started("ttl", ttl.client(random.nextLong(), stopClients)));
        List<Thread> watcherThreads = new ArrayList<>();
        for (WatchWorkload watcher : watchers) {
            watcherThreads.add(started("watch-" + watcher.member(), watcher.loop(stopWatchers)));
        }

        ClockNemesis clock = new ClockNemesis();
        List<Nemesis> nemeses = nemeses(run, iptables, clock, violations);
        NemesisSchedule schedule =
                new NemesisSchedule(cluster, nemeses, new Random(random.nextLong()), violations::add);
        long start = System.nanoTime();
        int faults;
        try {
            faults = schedule.run(
                    start, start + Duration.ofSeconds(run.timeSeconds()).toNanos());
        } finally {
            healEverything(cluster, iptables);
        }
        long healed = System.nanoTime();
        Thread.sleep(RECOVERY.toMillis());
        stopClients.stop();
        joinAll(clients);
        long end = System.nanoTime();
        for (NemesisSchedule.Entry entry : schedule.log()) {
            out.println("faults: +" + entry.atMs() + " ms " + entry.what());
        }

        long settling = System.nanoTime();
        FinalState state = FinalState.read(cluster, set, inOrder, ttl, watchers, http, acked, SETTLE, violations);
        stopWatchers.stop();
        watchers.forEach(WatchWorkload::close);
        joinAll(watcherThreads);

        out.println("faults: final state read in " + millisSince(settling) + " ms");
        long checking = System.nanoTime();
        RunChecks checks = new RunChecks(
                history,
                set.adds(),
                inOrder.posts(),
                acked.all(),
                watchers,
                ttl.creates(),
                clock.jumpedMemberLed(),
                state);
        checks.checkInto(violations);
        checks.notes().forEach(note -> out.println("faults: note: " + note));
        out.println("faults: checked in " + millisSince(checking) + " ms");
        long recover = availability.firstOkAfter(healed);
        RunResult result = new RunResult(
                run,
                checks.ops(),
                checks.ok(),
                checks.fail(),
                checks.info(),
                checks.lost(),
                List.copyOf(violations),
                checks.unknownKeys(),
                faults,
                availability.longestGapNanos(start, healed) / 1_000_000,
                recover < 0 ? -1 : recover / 1_000_000);
        if (!result.passed()) {
            checks.writeFailureFiles(run.workDir());
            out.println("faults: FAILED; member logs and the failing history window are in " + run.workDir());
            for (String violation : result.violations()) {
                out.println("faults: violation: " + violation);
            }
            out.println("faults: replay with: " + run.replayCommand());
        }
        out.println(result.summary());
        return result;
    }

    private static List<Nemesis> nemeses(
            RunOptions run, Iptables iptables, ClockNemesis clock, List<String> violations) {
        List<Nemesis> nemeses = new ArrayList<>();
        for (String name : run.nemeses()) {
            switch (name) {
                case "kill" -> nemeses.add(new KillNemesis());
                case "pause" -> nemeses.add(new PauseNemesis());
                case "partition" -> nemeses.add(new PartitionNemesis(iptables));
                case "disk" -> nemeses.add(new DiskNemesis(violations::add));
                case "clock" -> nemeses.add(clock);
                case "remove" -> nemeses.add(new RemoveNemesis(violations::add));
                default -> throw new IllegalArgumentException(name);
            }
        }
        return nemeses;
    }

    /** After the schedule (which heals each fault) and whatever it threw: no rule, no paused or dead member left. */
    private static void healEverything(FaultCluster cluster, Iptables iptables)
            throws IOException, InterruptedException {
        if (iptables != null) {
            iptables.removeAll();
        }
        for (MemberProcess member : cluster.members()) {
            member.resume();
            if (!member.alive()) {
                member.start(List.of());
            }
        }
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30).toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(10).toMillis());
            }
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static Thread started(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.start();
        return thread;
    }
}
