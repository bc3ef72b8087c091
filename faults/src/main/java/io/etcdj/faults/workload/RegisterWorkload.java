package io.etcdj.faults.workload;

import io.etcdj.faults.history.History;
import io.etcdj.faults.history.OpKind;
import io.etcdj.faults.history.Outcome;
import io.etcdj.faults.history.RegisterOp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Registers under {@code /r}: writes, {@code quorum=true} reads and {@code prevValue} compare-and-swaps of small
 * values (0..4, so swaps often succeed), from clients that each pick a random member per operation and follow 307s
 * themselves. Each of {@link #SLOTS} keys is retired after {@link #OPS_PER_KEY} operations and a fresh key takes its
 * place, as Jepsen's independent keys do: the linearizability check of one key stays small however long the run.
 * Every operation is recorded with its outcome ({@link Outcome}); acknowledged writes also go to {@code acked} with
 * the index etcd gave them, for the watch checker.
 */
public final class RegisterWorkload {
    static final int SLOTS = 5;
    static final int OPS_PER_KEY = 250;

    private final EtcdHttp http;
    private final List<String> memberUrls;
    private final History history;
    private final Availability availability;
    private final AckedWrites acked;
    private final Map<String, String> readQuery;
    private final AtomicIntegerArray opsInSlot = new AtomicIntegerArray(SLOTS);
    private final AtomicIntegerArray generation = new AtomicIntegerArray(SLOTS);

    public RegisterWorkload(
            EtcdHttp http,
            List<String> memberUrls,
            History history,
            Availability availability,
            AckedWrites acked,
            boolean quorumReads) {
        this.readQuery = quorumReads ? Map.of("quorum", "true") : Map.of();
        this.http = http;
        this.memberUrls = List.copyOf(memberUrls);
        this.history = history;
        this.availability = availability;
        this.acked = acked;
    }

    /** The directory every register lives under (what the watchers watch). */
    public static String directory() {
        return "/r";
    }

    /** One client's loop until {@code stop} says so. */
    public Runnable client(int clientId, long seed, StopSignal stop) {
        return () -> {
            Random random = new Random(seed);
            while (!stop.stopped()) {
                try {
                    runOne(clientId, random);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        };
    }

    private String keyFor(int slot) {
        int done = opsInSlot.incrementAndGet(slot);
        if (done % OPS_PER_KEY == 0) {
            generation.incrementAndGet(slot);
        }
        return directory() + "/k" + slot + "-" + generation.get(slot);
    }

    private void runOne(int clientId, Random random) throws InterruptedException {
        int slot = random.nextInt(SLOTS);
        String key = keyFor(slot);
        String member = memberUrls.get(random.nextInt(memberUrls.size()));
        int roll = random.nextInt(10);
        OpKind kind = roll < 4 ? OpKind.READ : roll < 7 ? OpKind.WRITE : OpKind.CAS;
        String value = Integer.toString(random.nextInt(5));
        String expected = kind == OpKind.CAS ? Integer.toString(random.nextInt(5)) : null;
        long id = history.begin();
        long invoked = System.nanoTime();
        Outcome outcome;
        String observed = kind == OpKind.READ ? null : value;
        boolean swapped = false;
        try {
            EtcdHttp.Answer answer;
            if (kind == OpKind.READ) {
                answer = http.get(member, key, readQuery);
                if (answer.ok()) {
                    outcome = Outcome.OK;
                    observed = answer.node().map(n -> n.path("value").asText()).orElse(null);
                } else if (answer.status() == 404 && answer.errorCode() == 100) {
                    outcome = Outcome.OK;
                } else {
                    outcome = Outcome.INFO; // a read that failed has no effect either way
                }
            } else {
                Map<String, String> form =
                        expected == null ? Map.of("value", value) : Map.of("value", value, "prevValue", expected);
                answer = http.put(member, key, form);
                outcome = classifyWrite(answer);
                if (kind == OpKind.CAS && outcome == Outcome.OK) {
                    swapped = answer.ok();
                }
                if (answer.ok()) {
                    answer.node()
                            .ifPresent(n -> acked.add(
                                    key, value, n.path("modifiedIndex").asLong()));
                }
            }
        } catch (EtcdHttp.NotSent e) {
            outcome = Outcome.FAIL; // never reached a leader: nothing was proposed
        } catch (IOException e) {
            outcome = Outcome.INFO;
        }
        long completed = System.nanoTime();
        if (outcome == Outcome.OK) {
            availability.ok(completed);
        }
        history.record(
                new RegisterOp(id, clientId, key, kind, observed, expected, outcome, swapped, invoked, completed));
        if (outcome != Outcome.OK) {
            Thread.sleep(Backoff.AFTER_FAILURE_MS); // an election, or a member down: do not spin on it
        }
    }

    /**
     * 200/201: done. A refused compare (101) or a missing key (100) on a CAS: done, and it saw another value.
     * 301 (no leader known): refused before anything was proposed. Anything else (timeouts, 5xx): unknown.
     */
    static Outcome classifyWrite(EtcdHttp.Answer answer) {
        if (answer.ok()) {
            return Outcome.OK;
        }
        if (answer.errorCode() == 101 || answer.errorCode() == 100) {
            return Outcome.OK;
        }
        if (answer.errorCode() == 301) {
            return Outcome.FAIL;
        }
        return Outcome.INFO;
    }

    /** Keys this run used (every generation of every slot): for the report. */
    public List<String> keysUsed() {
        List<String> keys = new ArrayList<>();
        for (int slot = 0; slot < SLOTS; slot++) {
            for (int g = 0; g <= generation.get(slot); g++) {
                keys.add(directory() + "/k" + slot + "-" + g);
            }
        }
        return keys;
    }
}
