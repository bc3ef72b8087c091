package io.etcdj.faults.workload;

import io.etcdj.faults.history.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique creates ({@code prevExist=false}) under {@code /s}; after the faults heal, the directory is read from every
 * member: every acknowledged create must be there (none lost), no create that definitely failed may be.
 */
public final class SetWorkload {
    static final String DIRECTORY = "/s";

    /** One create and how it ended. */
    public record Add(long id, String element, Outcome outcome) {}

    private final EtcdHttp http;
    private final List<String> memberUrls;
    private final Availability availability;
    private final AtomicLong next = new AtomicLong();
    private final List<Add> adds = new ArrayList<>();

    public SetWorkload(EtcdHttp http, List<String> memberUrls, Availability availability) {
        this.http = http;
        this.memberUrls = List.copyOf(memberUrls);
        this.availability = availability;
    }

    public Runnable client(long seed, StopSignal stop) {
        return () -> {
            Random random = new Random(seed);
            while (!stop.stopped()) {
                long id = next.getAndIncrement();
                String element = "e" + id;
                String member = memberUrls.get(random.nextInt(memberUrls.size()));
                Outcome outcome;
                try {
                    EtcdHttp.Answer answer =
                            http.put(member, DIRECTORY + "/" + element, Map.of("value", element, "prevExist", "false"));
                    outcome = answer.ok() ? Outcome.OK : answer.errorCode() == 301 ? Outcome.FAIL : Outcome.INFO;
                } catch (EtcdHttp.NotSent e) {
                    outcome = Outcome.FAIL;
                } catch (IOException e) {
                    outcome = Outcome.INFO;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (outcome == Outcome.OK) {
                    availability.ok(System.nanoTime());
                }
                synchronized (adds) {
                    adds.add(new Add(id, element, outcome));
                }
                if (outcome != Outcome.OK && !Backoff.pause()) {
                    return;
                }
            }
        };
    }

    public List<Add> adds() {
        synchronized (adds) {
            return List.copyOf(adds);
        }
    }

    /**
     * The elements one member holds, read from its own store (not redirected) once it has applied at least
     * {@code atLeastIndex}: every member is checked, not only the leader.
     *
     * @throws IOException if the member has not caught up within the bounded retries
     */
    public Set<String> readFrom(String memberUrl, long atLeastIndex) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                EtcdHttp.Answer answer = http.get(memberUrl, DIRECTORY, Map.of("recursive", "true"));
                if (answer.ok() && answer.etcdIndex() >= atLeastIndex) {
                    Set<String> elements = new HashSet<>();
                    answer.node()
                            .ifPresent(dir -> dir.path("nodes")
                                    .forEach(n -> elements.add(n.path("value").asText())));
                    return elements;
                }
                if (answer.status() == 404 && answer.errorCode() == 100 && answer.etcdIndex() >= atLeastIndex) {
                    return Set.of();
                }
                last = new IOException(memberUrl + " answered " + answer.status() + " at index " + answer.etcdIndex());
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IOException("no read of " + DIRECTORY + " from " + memberUrl + " at index >= " + atLeastIndex, last);
    }

    /** The leader's index after a quorum read: every member must reach it before its own read counts. */
    public long quorumIndex(String anyMemberUrl) throws IOException, InterruptedException {
        EtcdHttp.Answer answer = http.get(anyMemberUrl, DIRECTORY, Map.of("recursive", "true", "quorum", "true"));
        if (!answer.ok() && answer.errorCode() != 100) {
            throw new IOException("quorum read of " + DIRECTORY + " answered " + answer.status());
        }
        return answer.etcdIndex();
    }
}
