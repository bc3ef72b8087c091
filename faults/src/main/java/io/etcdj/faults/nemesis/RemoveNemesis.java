package io.etcdj.faults.nemesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcdj.faults.cluster.FaultCluster;
import io.etcdj.faults.cluster.MemberProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The cluster removes the leader or a random member ({@code DELETE /v2/members/<id>}, etcd 2's "member remove", sent
 * to a client port and following the 307 to the leader). The removed process keeps running: it becomes a standby
 * beside the log it kept, and asks for its seat again every syncInterval (5 s by default; activeSize 9 leaves seats
 * free), so it comes back by itself. This is the path where a member that forgot its log and rejoined under its old
 * id could let a stale candidate win. Healed by waiting, bounded by {@link #BACK}, until {@code /v2/machines} lists
 * it again; one that does not come back is reported through {@code violations}.
 */
public final class RemoveNemesis implements Nemesis {
    static final Duration BACK = Duration.ofSeconds(60);
    private static final Duration CALL = Duration.ofSeconds(3);
    private static final Duration TRYING = Duration.ofSeconds(15);
    private static final int MAX_REDIRECTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(CALL)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final Consumer<String> violations;

    public RemoveNemesis(Consumer<String> violations) {
        this.violations = violations;
    }

    @Override
    public String name() {
        return "remove";
    }

    @Override
    public Fault inject(FaultCluster cluster, Random random) throws InterruptedException {
        MemberProcess target = Targets.leaderOrAny(cluster, random);
        String outcome = remove(cluster, target);
        boolean removed = outcome.startsWith("removed");
        return new Fault() {
            @Override
            public String description() {
                return "remove " + target.name() + " (" + outcome + ")";
            }

            @Override
            public void heal() throws InterruptedException {
                if (removed && !awaitListed(cluster, target)) {
                    violations.accept(target.name() + " removed, and not a member again " + BACK.toSeconds()
                            + " s later (a standby asks for its seat every syncInterval)");
                }
            }
        };
    }

    /**
     * Asks each live member in turn, again every 500 ms for up to {@link #TRYING} (a busy host, an election under
     * way); returns "removed" or why not (the run then goes on without this removal).
     */
    private static String remove(FaultCluster cluster, MemberProcess target) throws InterruptedException {
        long deadline = System.nanoTime() + TRYING.toNanos();
        String outcome = removeOnce(cluster, target);
        while (!outcome.startsWith("removed") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            outcome = removeOnce(cluster, target);
        }
        return outcome;
    }

    private static String removeOnce(FaultCluster cluster, MemberProcess target) throws InterruptedException {
        String last = "no member answered";
        for (MemberProcess via : cluster.members()) {
            if (!via.alive() || via.paused()) {
                continue;
            }
            try {
                Optional<String> id = idOf(via, target.name());
                if (id.isEmpty()) {
                    last = target.name() + " not listed by " + via.name();
                    continue;
                }
                String url = via.clientUrl() + "/v2/members/" + id.get();
                for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                    HttpResponse<String> r = HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(CALL)
                                    .DELETE()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 204) {
                        return "removed through " + via.name();
                    }
                    Optional<String> location = r.headers().firstValue("Location");
                    if (r.statusCode() != 307 || location.isEmpty()) {
                        last = via.name() + " answered " + r.statusCode() + " "
                                + r.body().strip();
                        break;
                    }
                    url = location.get();
                }
            } catch (IOException e) {
                last = via.name() + ": " + e;
            }
        }
        return "not removed: " + last;
    }

    private static Optional<String> idOf(MemberProcess via, String name) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(via.clientUrl() + "/v2/members"))
                        .timeout(CALL)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return Optional.empty();
        }
        for (JsonNode m : JSON.readTree(r.body()).path("members")) {
            if (name.equals(m.path("name").asText())) {
                return Optional.of(m.path("id").asText());
            }
        }
        return Optional.empty();
    }

    /** Bounded: until a live member's /v2/machines lists the target's client URL again. */
    private static boolean awaitListed(FaultCluster cluster, MemberProcess target) throws InterruptedException {
        long deadline = System.nanoTime() + BACK.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> listings = new ArrayList<>();
            for (MemberProcess m : cluster.members()) {
                if (m != target && m.alive() && !m.paused()) {
                    FaultCluster.getText(m.clientUrl() + "/v2/machines").ifPresent(listings::add);
                }
            }
            if (listings.stream().anyMatch(l -> List.of(l.split(",\\s*")).contains(target.clientUrl()))) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
