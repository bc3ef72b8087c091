package io.etcdj.faults.run;

import io.etcdj.faults.cluster.FaultCluster;
import io.etcdj.faults.cluster.MemberProcess;
import io.etcdj.faults.workload.AckedWrites;
import io.etcdj.faults.workload.EtcdHttp;
import io.etcdj.faults.workload.InOrderWorkload;
import io.etcdj.faults.workload.RegisterWorkload;
import io.etcdj.faults.workload.SetWorkload;
import io.etcdj.faults.workload.TtlWorkload;
import io.etcdj.faults.workload.WatchWorkload;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state after every fault healed: the cluster back (every member up, one leader), the set read from every
 * member's own store once it reached the leader's index, the in-order keys listed, and every watcher caught up. What
 * does not come back within the settle time is itself a violation (a cluster that never recovers loses everything).
 */
record FinalState(
        long index,
        Map<String, Set<String>> setByMember,
        List<Map.Entry<String, String>> inOrderListing,
        Set<String> ttlKeys,
        String ttlExpiryProblem) {
    private static final Duration SHORT_TTL_LIMIT = Duration.ofSeconds(30);

    static FinalState read(
            FaultCluster cluster,
            SetWorkload set,
            InOrderWorkload inOrder,
            TtlWorkload ttl,
            List<WatchWorkload> watchers,
            EtcdHttp http,
            AckedWrites acked,
            Duration settle,
            List<String> violations)
            throws InterruptedException {
        long deadline = System.nanoTime() + settle.toNanos();
        while (cluster.leader().isEmpty() || !cluster.members().stream().allMatch(MemberProcess::alive)) {
            if (System.nanoTime() > deadline) {
                violations.add("the cluster did not recover within " + settle.toSeconds() + " s of the last heal: "
                        + "members alive "
                        + cluster.members().stream()
                                .map(m -> m.name() + "=" + m.alive())
                                .toList()
                        + ", leader "
                        + cluster.leader().map(MemberProcess::name).orElse("none"));
                return new FinalState(-1, Map.of(), List.of(), Set.of(), "");
            }
            Thread.sleep(200);
        }
        String any = cluster.leader()
                .map(MemberProcess::clientUrl)
                .orElse(cluster.members().get(0).clientUrl());
        long index = -1;
        Map<String, Set<String>> byMember = new LinkedHashMap<>();
        List<Map.Entry<String, String>> listing = List.of();
        Set<String> ttlKeys = Set.of();
        try {
            index = retry(deadline, () -> set.quorumIndex(any));
            for (MemberProcess member : cluster.members()) {
                byMember.put(member.name(), set.readFrom(member.clientUrl(), index));
            }
            listing = retry(deadline, () -> inOrder.listing(any));
            ttlKeys = retry(deadline, () -> ttl.present(any));
        } catch (IOException e) {
            violations.add("final reads failed after the cluster recovered: " + e.getMessage());
        }
        // The last write under the watched directory: once a watcher has passed it, it has had every event.
        long marker = -1;
        try {
            marker = retry(deadline, () -> {
                EtcdHttp.Answer answer = http.put(any, RegisterWorkload.directory() + "/end", Map.of("value", "end"));
                if (!answer.ok()) {
                    throw new IOException("the end marker write answered " + answer.status());
                }
                long at =
                        answer.node().map(n -> n.path("modifiedIndex").asLong()).orElse(-1L);
                acked.add(RegisterWorkload.directory() + "/end", "end", at);
                return at;
            });
        } catch (IOException e) {
            violations.add("the end marker could not be written after the cluster recovered: " + e.getMessage());
        }
        for (WatchWorkload watcher : watchers) {
            while (watcher.nextIndex() <= marker && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (watcher.nextIndex() <= marker) {
                violations.add("the watcher on " + watcher.member() + " is stuck at index " + watcher.nextIndex()
                        + " (the end marker is at " + marker + ")");
            }
        }
        String ttlExpiryProblem = ttl.shortKeyExpires(any, SHORT_TTL_LIMIT);
        return new FinalState(index, byMember, listing, ttlKeys, ttlExpiryProblem);
    }

    interface Read<T> {
        T get() throws IOException, InterruptedException;
    }

    private static <T> T retry(long deadlineNanos, Read<T> read) throws IOException, InterruptedException {
        while (true) {
            try {
                return read.get();
            } catch (IOException e) {
                if (System.nanoTime() > deadlineNanos) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
