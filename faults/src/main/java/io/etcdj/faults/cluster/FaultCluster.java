package io.etcdj.faults.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A cluster of real members, each on its own loopback address (see {@link LoopbackBlock}), started with the normal
 * flags: the first forms the cluster, the others join it through {@code -peers}, one at a time. Optionally with
 * mutual TLS between peers ({@link PeerCertificates}).
 */
public final class FaultCluster implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private final LoopbackBlock block;
    private final List<MemberProcess> members;

    private FaultCluster(LoopbackBlock block, List<MemberProcess> members) {
        this.block = block;
        this.members = List.copyOf(members);
    }

    /** Lays out {@code size} members under {@code workDir} (data dirs, logs, certificates); nothing runs yet. */
    public static FaultCluster create(int size, Path workDir, boolean peerTls, Random random) throws IOException {
        LoopbackBlock block = LoopbackBlock.pick(size, random);
        Optional<PeerCertificates> certificates = peerTls
                ? Optional.of(PeerCertificates.issue(workDir.resolve("certs"), block.hosts()))
                : Optional.empty();
        List<MemberProcess> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String name = "n" + (i + 1);
            String host = block.hosts().get(i);
            List<String> flags = new ArrayList<>(List.of(
                    "-name",
                    name,
                    "-addr",
                    host + ":" + block.clientPort(),
                    "-peer-addr",
                    host + ":" + block.peerPort(),
                    "-data-dir",
                    workDir.resolve(name).toString()));
            if (i > 0) {
                flags.addAll(List.of("-peers", block.hosts().get(0) + ":" + block.peerPort()));
            }
            certificates.ifPresent(c -> flags.addAll(c.flagsFor(host)));
            Files.createDirectories(workDir);
            members.add(
                    new MemberProcess(name, host, block, workDir.resolve(name), workDir.resolve(name + ".log"), flags));
        }
        return new FaultCluster(block, members);
    }

    public List<MemberProcess> members() {
        return members;
    }

    public LoopbackBlock block() {
        return block;
    }

    /**
     * Starts the first member, waits until it leads, then starts and admits each other member in turn.
     *
     * @throws IOException if a member does not come up within {@code perMember}
     */
    public void start(Duration perMember) throws IOException, InterruptedException {
        for (int i = 0; i < members.size(); i++) {
            MemberProcess member = members.get(i);
            member.start(List.of());
            int expected = i + 1;
            try {
                awaitTrue(perMember, member.name() + " up and " + expected + " machines listed", () -> {
                    Optional<String> machines = getText(members.get(0).clientUrl() + "/v2/machines");
                    return member.alive()
                            && getText(member.clientUrl() + "/version").isPresent()
                            && machines.isPresent()
                            && machines.get().split(",").length == expected;
                });
            } catch (IOException notUp) {
                // The members' own words are what tells a slow start from a stuck join.
                StringBuilder logs = new StringBuilder(notUp.getMessage());
                for (MemberProcess started : members.subList(0, i + 1)) {
                    logs.append("\n---- ").append(started.name()).append(" log tail ----\n");
                    logs.append(tail(started.logFile(), 40));
                }
                throw new IOException(logs.toString(), notUp);
            }
        }
    }

    /** The last {@code lines} lines of a member's log, or why it cannot be read. */
    private static String tail(Path log, int lines) {
        try {
            List<String> all = java.nio.file.Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /**
     * Waits (bounded) until every member that is not paused answers {@code /version}.
     *
     * @return the members that did not, with their exit code when they have ended; empty when all did
     */
    public List<String> awaitAllUp(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> down = new ArrayList<>();
        for (MemberProcess member : members) {
            while (!member.paused()
                    && getText(member.clientUrl() + "/version").isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (!member.paused() && getText(member.clientUrl() + "/version").isEmpty()) {
                down.add(member.name()
                        + (member.alive() ? " (running, not answering)" : " (exited " + member.exitCode() + ")"));
            }
        }
        return down;
    }

    /** Waits (bounded) until the member answers {@code /version} or its process has ended; false if neither. */
    public boolean awaitUpOrExited(MemberProcess member, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!member.alive() || getText(member.clientUrl() + "/version").isPresent()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The member every reachable member names as leader, if they agree and it is one of ours. */
    public Optional<MemberProcess> leader() {
        String agreed = null;
        for (MemberProcess member : members) {
            if (!member.alive() || member.paused()) {
                continue;
            }
            Optional<String> leader = getText(member.clientUrl() + "/v2/leader");
            if (leader.isEmpty() || leader.get().isBlank()) {
                continue;
            }
            if (agreed != null && !agreed.equals(leader.get().trim())) {
                return Optional.empty();
            }
            agreed = leader.get().trim();
        }
        if (agreed == null) {
            return Optional.empty();
        }
        String host = URI.create(agreed).getHost();
        return members.stream().filter(m -> m.host().equals(host)).findFirst();
    }

    /** Body of a 200 answer within 2 s; empty on anything else (a down, paused or partitioned member). */
    public static Optional<String> getText(String url) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    interface Condition {
        boolean holds() throws IOException, InterruptedException;
    }

    static void awaitTrue(Duration limit, String what, Condition condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Resumes paused members (a stopped process ignores SIGKILL until resumed on some kernels), then kills all. */
    @Override
    public void close() throws InterruptedException {
        for (MemberProcess member : members) {
            try {
                member.resume();
            } catch (IOException e) {
                // killed below anyway
            }
            member.kill();
        }
    }
}
