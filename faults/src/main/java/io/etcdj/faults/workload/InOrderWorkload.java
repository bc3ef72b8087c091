package io.etcdj.faults.workload;

import io.etcdj.faults.history.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** In-order keys: POSTs under {@code /q}; etcd names each new key after its index, so no two may share one. */
public final class InOrderWorkload {
    static final String DIRECTORY = "/q";

    /** One POST: the key and index etcd gave it (when OK). */
    public record Post(String value, String key, long createdIndex, Outcome outcome) {}

    private final EtcdHttp http;
    private final List<String> memberUrls;
    private final Availability availability;
    private final AtomicLong next = new AtomicLong();
    private final List<Post> posts = new ArrayList<>();

    public InOrderWorkload(EtcdHttp http, List<String> memberUrls, Availability availability) {
        this.http = http;
        this.memberUrls = List.copyOf(memberUrls);
        this.availability = availability;
    }

    public Runnable client(long seed, StopSignal stop) {
        return () -> {
            Random random = new Random(seed);
            while (!stop.stopped()) {
                String value = "p" + next.getAndIncrement();
                String member = memberUrls.get(random.nextInt(memberUrls.size()));
                Post post;
                try {
                    EtcdHttp.Answer answer = http.post(member, DIRECTORY, Map.of("value", value));
                    if (answer.ok() && answer.node().isPresent()) {
                        post = new Post(
                                value,
                                answer.node().get().path("key").asText(),
                                answer.node().get().path("createdIndex").asLong(),
                                Outcome.OK);
                        availability.ok(System.nanoTime());
                    } else {
                        post = new Post(value, null, -1, answer.errorCode() == 301 ? Outcome.FAIL : Outcome.INFO);
                    }
                } catch (EtcdHttp.NotSent e) {
                    post = new Post(value, null, -1, Outcome.FAIL);
                } catch (IOException e) {
                    post = new Post(value, null, -1, Outcome.INFO);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                synchronized (posts) {
                    posts.add(post);
                }
                if (post.outcome() != Outcome.OK && !Backoff.pause()) {
                    return;
                }
            }
        };
    }

    public List<Post> posts() {
        synchronized (posts) {
            return List.copyOf(posts);
        }
    }

    /** The keys under {@code /q} as a quorum read lists them, sorted: key and value. */
    public List<Map.Entry<String, String>> listing(String anyMemberUrl) throws IOException, InterruptedException {
        EtcdHttp.Answer answer =
                http.get(anyMemberUrl, DIRECTORY, Map.of("recursive", "true", "sorted", "true", "quorum", "true"));
        if (!answer.ok()) {
            if (answer.errorCode() == 100) {
                return List.of();
            }
            throw new IOException("listing " + DIRECTORY + " answered " + answer.status());
        }
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        answer.node()
                .ifPresent(dir -> dir.path("nodes")
                        .forEach(n -> entries.add(Map.entry(
                                n.path("key").asText(), n.path("value").asText()))));
        return entries;
    }
}
