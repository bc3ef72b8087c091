package io.etcdj.faults.workload;

import io.etcdj.faults.history.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TTL keys under {@code /t}, each living far longer than the run: none may expire before the run ends (a follower's
 * clock jump must not expire anything). After the faults, one key with a 1 s TTL must go away: expiry still works.
 */
public final class TtlWorkload {
    static final String DIRECTORY = "/t";

    /** One TTL key's create and how it ended. */
    public record Create(String key, Outcome outcome) {}

    private final EtcdHttp http;
    private final List<String> memberUrls;
    private final long ttlSeconds;
    private final AtomicLong next = new AtomicLong();
    private final List<Create> creates = new ArrayList<>();

    public TtlWorkload(EtcdHttp http, List<String> memberUrls, long ttlSeconds) {
        this.http = http;
        this.memberUrls = List.copyOf(memberUrls);
        this.ttlSeconds = ttlSeconds;
    }

    public Runnable client(long seed, StopSignal stop) {
        return () -> {
            Random random = new Random(seed);
            while (!stop.stopped()) {
                String key = DIRECTORY + "/k" + next.getAndIncrement();
                Outcome outcome;
                try {
                    EtcdHttp.Answer answer = http.put(
                            memberUrls.get(random.nextInt(memberUrls.size())),
                            key,
                            Map.of("value", "ttl", "ttl", Long.toString(ttlSeconds)));
                    outcome = RegisterWorkload.classifyWrite(answer);
                } catch (EtcdHttp.NotSent e) {
                    outcome = Outcome.FAIL;
                } catch (IOException e) {
                    outcome = Outcome.INFO;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                synchronized (creates) {
                    creates.add(new Create(key, outcome));
                }
                if (!Backoff.pause()) { // a few creates a second are plenty
                    return;
                }
            }
        };
    }

    public List<Create> creates() {
        synchronized (creates) {
            return List.copyOf(creates);
        }
    }

    /** The TTL keys a quorum read finds. */
    public Set<String> present(String anyMemberUrl) throws IOException, InterruptedException {
        EtcdHttp.Answer answer = http.get(anyMemberUrl, DIRECTORY, Map.of("recursive", "true", "quorum", "true"));
        Set<String> keys = new HashSet<>();
        if (answer.ok()) {
            answer.node()
                    .ifPresent(dir -> dir.path("nodes")
                            .forEach(n -> keys.add(n.path("key").asText())));
        } else if (answer.errorCode() != 100) {
            throw new IOException("reading " + DIRECTORY + " answered " + answer.status());
        }
        return keys;
    }

    /**
     * Writes a key with a 1 s TTL and waits (bounded) until a quorum read no longer finds it.
     *
     * @return empty if it expired in time, else what went wrong
     */
    public String shortKeyExpires(String anyMemberUrl, Duration limit) throws InterruptedException {
        String key = DIRECTORY + "/short";
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            EtcdHttp.Answer created = http.put(anyMemberUrl, key, Map.of("value", "short", "ttl", "1"));
            if (!created.ok()) {
                return "the 1 s TTL key could not be written: " + created.status();
            }
            while (System.nanoTime() < deadline) {
                EtcdHttp.Answer read = http.get(anyMemberUrl, key, Map.of("quorum", "true"));
                if (read.status() == 404 && read.errorCode() == 100) {
                    return "";
                }
                Thread.sleep(200);
            }
            return "a key with a 1 s TTL was still there " + limit.toSeconds() + " s later";
        } catch (IOException e) {
            return "the TTL check failed: " + e.getMessage();
        }
    }
}
