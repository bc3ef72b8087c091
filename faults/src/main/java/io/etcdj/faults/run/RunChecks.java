package io.etcdj.faults.run;

import io.etcdj.faults.check.AckedWrite;
import io.etcdj.faults.check.AddOp;
import io.etcdj.faults.check.InOrderKeysChecker;
import io.etcdj.faults.check.InOrderPost;
import io.etcdj.faults.check.LinearizabilityChecker;
import io.etcdj.faults.check.SetChecker;
import io.etcdj.faults.check.WatchChecker;
import io.etcdj.faults.check.WatchEvent;
import io.etcdj.faults.check.WatchSegment;
import io.etcdj.faults.check.WatcherLog;
import io.etcdj.faults.history.History;
import io.etcdj.faults.history.Outcome;
import io.etcdj.faults.history.RegisterOp;
import io.etcdj.faults.workload.AckedWrites;
import io.etcdj.faults.workload.InOrderWorkload;
import io.etcdj.faults.workload.RegisterWorkload;
import io.etcdj.faults.workload.SetWorkload;
import io.etcdj.faults.workload.TtlWorkload;
import io.etcdj.faults.workload.WatchWorkload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every checker over one run's records: registers (linearizability, per key), the set (nothing acknowledged lost,
 * nothing failed present, members agree), in-order keys, and watch completeness. Counts for the summary; the failing
 * history window written on failure.
 */
final class RunChecks {
    private final History history;
    private final List<SetWorkload.Add> adds;
    private final List<InOrderWorkload.Post> posts;
    private final List<AckedWrites.Acked> acked;
    private final List<WatchWorkload> watchers;
    private final FinalState state;
    private final List<TtlWorkload.Create> ttlCreates;
    private final boolean jumpedClockLed;
    private final Set<Long> failingWindow = new HashSet<>();
    private final List<String> notes = new ArrayList<>();
    private long lost;
    private int unknownKeys;

    RunChecks(
            History history,
            List<SetWorkload.Add> adds,
            List<InOrderWorkload.Post> posts,
            List<AckedWrites.Acked> acked,
            List<WatchWorkload> watchers,
            List<TtlWorkload.Create> ttlCreates,
            boolean jumpedClockLed,
            FinalState state) {
        this.ttlCreates = ttlCreates;
        this.jumpedClockLed = jumpedClockLed;
        this.history = history;
        this.adds = adds;
        this.posts = posts;
        this.acked = acked;
        this.watchers = watchers;
        this.state = state;
    }

    void checkInto(List<String> violations) {
        checkRegisters(violations);
        if (state.index() < 0) {
            return; // the final reads did not happen; FinalState said why
        }
        checkSet(violations);
        checkInOrder(violations);
        checkWatches(violations);
        checkTtl(violations);
    }

    /** No TTL key expires before its time (unless a member whose clock was jumped led), and expiry still works. */
    private void checkTtl(List<String> violations) {
        List<String> expiredEarly = ttlCreates.stream()
                .filter(c -> c.outcome() == Outcome.OK && !state.ttlKeys().contains(c.key()))
                .map(TtlWorkload.Create::key)
                .toList();
        if (!expiredEarly.isEmpty()) {
            if (jumpedClockLed) {
                notes.add(expiredEarly.size() + " TTL keys expired early while a member whose clock was jumped led"
                        + " (expiry follows the leader's clock, as in etcd)");
            } else {
                lost += expiredEarly.size();
                violations.add(
                        expiredEarly.size() + " TTL keys expired before their time, e.g. " + expiredEarly.get(0));
            }
        }
        if (!state.ttlExpiryProblem().isEmpty()) {
            violations.add(state.ttlExpiryProblem());
        }
    }

    /** What the run should know that is not a violation. */
    List<String> notes() {
        return List.copyOf(notes);
    }

    private void checkRegisters(List<String> violations) {
        Map<String, LinearizabilityChecker.Result> byKey = LinearizabilityChecker.checkAll(history.ops());
        byKey.forEach((key, result) -> {
            switch (result.verdict()) {
                case LINEARIZABLE -> {}
                case UNKNOWN -> unknownKeys++;
                case NOT_LINEARIZABLE -> {
                    violations.add("not linearizable: " + result.describe());
                    failingWindow.addAll(result.windowIds());
                }
            }
        });
    }

    private void checkSet(List<String> violations) {
        List<AddOp> addOps = adds.stream()
                .map(a -> new AddOp(a.id(), a.element(), a.outcome()))
                .toList();
        SetChecker.Result result = SetChecker.check(addOps, state.setByMember());
        lost += result.lost().size();
        if (!result.ok()) {
            violations.add(result.describe());
        }
    }

    private void checkInOrder(List<String> violations) {
        List<InOrderPost> inOrderPosts = posts.stream()
                .map(p -> new InOrderPost(p.key(), p.createdIndex(), p.outcome()))
                .toList();
        List<String> listed =
                state.inOrderListing().stream().map(Map.Entry::getKey).toList();
        Set<String> present = new HashSet<>(listed);
        lost += posts.stream()
                .filter(p -> p.outcome() == Outcome.OK && !present.contains(p.key()))
                .count();
        InOrderKeysChecker.Result result = InOrderKeysChecker.check(inOrderPosts, listed);
        if (!result.ok()) {
            violations.add(result.describe());
        }
    }

    private void checkWatches(List<String> violations) {
        List<WatcherLog> logs = new ArrayList<>();
        for (WatchWorkload watcher : watchers) {
            logs.add(new WatcherLog(watcher.member(), RegisterWorkload.directory(), segments(watcher)));
        }
        List<AckedWrite> writes = acked.stream()
                .map(a -> new AckedWrite(a.key(), a.value(), a.modifiedIndex()))
                .toList();
        WatchChecker.Result result = WatchChecker.check(logs, writes);
        if (!result.ok()) {
            violations.add(result.describe());
        }
    }

    /** The watcher's events cut at each 401 resume: a segment per gap-free stretch, the last through its position. */
    private static List<WatchSegment> segments(WatchWorkload watcher) {
        List<WatchWorkload.Seen> seen = watcher.seen();
        List<WatchSegment> segments = new ArrayList<>();
        long from = watcher.startIndex();
        int firstEvent = 0;
        for (WatchWorkload.Resume resume : watcher.resumes()) {
            segments.add(new WatchSegment(
                    from, resume.fromIndex() - 1, events(seen.subList(firstEvent, resume.eventsBefore()))));
            from = resume.toIndex();
            firstEvent = resume.eventsBefore();
        }
        segments.add(new WatchSegment(from, watcher.nextIndex() - 1, events(seen.subList(firstEvent, seen.size()))));
        return segments;
    }

    private static List<WatchEvent> events(List<WatchWorkload.Seen> seen) {
        return seen.stream()
                .map(s -> new WatchEvent(s.modifiedIndex(), s.action(), s.key(), s.value()))
                .toList();
    }

    long ops() {
        return history.size() + adds.size() + posts.size() + ttlCreates.size();
    }

    long ok() {
        return count(Outcome.OK);
    }

    long fail() {
        return count(Outcome.FAIL);
    }

    long info() {
        return count(Outcome.INFO);
    }

    private long count(Outcome outcome) {
        return history.ops().stream().filter(o -> o.outcome() == outcome).count()
                + adds.stream().filter(a -> a.outcome() == outcome).count()
                + posts.stream().filter(p -> p.outcome() == outcome).count()
                + ttlCreates.stream().filter(c -> c.outcome() == outcome).count();
    }

    long lost() {
        return lost;
    }

    int unknownKeys() {
        return unknownKeys;
    }

    void writeFailureFiles(Path dir) throws IOException {
        List<RegisterOp> window = history.ops().stream()
                .filter(o -> failingWindow.contains(o.id()))
                .toList();
        History.writeJsonLines(dir.resolve("failing-window.jsonl"), window);
        History.writeJsonLines(dir.resolve("history.jsonl"), history.ops());
    }
}
