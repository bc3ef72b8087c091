package io.etcdj.faults.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One watcher on one member: a streaming watch ({@code dir?wait=true&recursive=true&stream=true&waitIndex=N}),
 * reopened from the next index whenever it ends (the member died, restarted, or cut a slow watcher off). When the
 * member has cleared the history it needs (401), the watcher records a resume: the indexes it skipped are a declared
 * gap. A one-event long poll per request would fall behind a busy cluster; a stream keeps up.
 */
public final class WatchWorkload {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HEADERS = Duration.ofSeconds(5);

    /** An event as this watcher received it. */
    public record Seen(long modifiedIndex, String action, String key, String value) {}

    /**
     * After a 401, the watcher jumped from {@code fromIndex} to {@code toIndex}: indexes in between were not seen.
     * {@code eventsBefore} events had been received when it did.
     */
    public record Resume(long fromIndex, long toIndex, int eventsBefore) {}

    private final EtcdHttp http;
    private final String member;
    private final String memberUrl;
    private final String directory;
    private final long startIndex;
    private final List<Seen> seen = new ArrayList<>();
    private final List<Resume> resumes = new ArrayList<>();
    private volatile long nextIndex;
    private volatile InputStream open;

    public WatchWorkload(EtcdHttp http, String member, String memberUrl, String directory, long startIndex) {
        this.http = http;
        this.member = member;
        this.memberUrl = memberUrl;
        this.directory = directory;
        this.startIndex = startIndex;
        this.nextIndex = startIndex;
    }

    public String member() {
        return member;
    }

    public long startIndex() {
        return startIndex;
    }

    /** The next index this watcher waits for: it has seen (or declared skipped) everything before. */
    public long nextIndex() {
        return nextIndex;
    }

    public Runnable loop(StopSignal stop) {
        return () -> {
            while (!stop.stopped()) {
                try {
                    watchOnce();
                } catch (IOException e) {
                    // the member died, restarted or is paused: open the watch again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (!stop.stopped() && !Backoff.pause()) {
                    return;
                }
            }
        };
    }

    /** Ends the stream in hand (the loop then sees {@code stop}). */
    public void close() {
        InputStream in = open;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void watchOnce() throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.openStream(
                memberUrl,
                directory,
                Map.of(
                        "wait", "true",
                        "recursive", "true",
                        "stream", "true",
                        "waitIndex", Long.toString(nextIndex)),
                HEADERS);
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                EtcdHttp.Answer error = EtcdHttp.answerOf(response.statusCode(), in.readNBytes(64 * 1024));
                if (error.errorCode() == 401) {
                    long current = error.body().path("index").asLong();
                    synchronized (this) {
                        resumes.add(new Resume(nextIndex, current + 1, seen.size()));
                    }
                    nextIndex = current + 1;
                }
                return;
            }
            open = in;
            try (MappingIterator<JsonNode> events =
                    JSON.readerFor(JsonNode.class).readValues(in)) {
                while (events.hasNextValue()) {
                    record(events.nextValue());
                }
            }
        } finally {
            open = null;
        }
    }

    private void record(JsonNode event) {
        JsonNode node = event.path("node");
        long index = node.path("modifiedIndex").asLong();
        synchronized (this) {
            seen.add(new Seen(
                    index,
                    event.path("action").asText(),
                    node.path("key").asText(),
                    node.has("value") ? node.get("value").asText() : null));
        }
        nextIndex = Math.max(nextIndex, index + 1);
    }

    public synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    public synchronized List<Resume> resumes() {
        return List.copyOf(resumes);
    }
}
