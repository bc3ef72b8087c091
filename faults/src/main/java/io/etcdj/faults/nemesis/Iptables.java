package io.etcdj.faults.nemesis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Partitions made with iptables on the loopback addresses of the members: a rule drops the packets from one member's
 * address to another's (members connect from their own address, so a rule per direction cuts a link). Every rule
 * this class adds carries the comment {@code etcdj-faults-<run>}, and only such rules are ever removed: at heal, in
 * the run's finally block and by a shutdown hook, so an interrupted run leaves nothing behind on a shared machine.
 */
public final class Iptables {
    private static final String BINARY = "iptables";
    /** An address no member uses: the availability probe's rule matches nothing. */
    private static final String PROBE_HOST = "127.255.255.254";

    private final String comment;
    private final List<List<String>> added = new ArrayList<>();

    private Iptables(String comment) {
        this.comment = comment;
    }

    /** Null when this machine lets us add and remove a rule (iptables installed, root); else the reason. */
    public static String unavailableReason() {
        try {
            // Listing is not enough (it works without CAP_NET_ADMIN in some containers): add and remove a rule.
            List<String> probe = List.of(
                    "INPUT",
                    "-s",
                    PROBE_HOST,
                    "-d",
                    PROBE_HOST,
                    "-m",
                    "comment",
                    "--comment",
                    "etcdj-faults-probe",
                    "-j",
                    "DROP");
            Result added = run(withHead(List.of(BINARY, "-w", "5", "-I"), probe));
            if (added.exitCode != 0) {
                return "iptables cannot add a rule: " + added.output.strip();
            }
            Result removed = run(withHead(List.of(BINARY, "-w", "5", "-D"), probe));
            return removed.exitCode == 0 ? null : "iptables cannot remove a rule: " + removed.output.strip();
        } catch (IOException e) {
            return "iptables is not installed (" + e.getMessage() + "); apt-get install iptables";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public static Iptables forRun(String runId) {
        Iptables iptables = new Iptables("etcdj-faults-" + runId);
        Runtime.getRuntime().addShutdownHook(new Thread(iptables::removeAllQuietly, "iptables-cleanup"));
        return iptables;
    }

    /** Drops every packet from {@code fromHost} to {@code toHost} (one direction of one link). */
    public synchronized void drop(String fromHost, String toHost) throws IOException, InterruptedException {
        List<String> rule =
                List.of("INPUT", "-s", fromHost, "-d", toHost, "-m", "comment", "--comment", comment, "-j", "DROP");
        exec("-I", rule);
        added.add(rule);
    }

    /** Removes every rule this run added (by its comment, so a rule whose delete failed once is retried). */
    public synchronized void removeAll() throws IOException, InterruptedException {
        for (List<String> rule : added) {
            exec("-D", rule);
        }
        added.clear();
        Result listed = run(List.of(BINARY, "-w", "5", "-S", "INPUT"));
        for (String line : listed.output.split("\n")) {
            if (line.contains(comment) && line.startsWith("-A ")) {
                List<String> rule = List.of(line.substring(3).replace("\"", "").split(" "));
                run(withHead(List.of(BINARY, "-w", "5", "-D"), rule));
            }
        }
    }

    private void removeAllQuietly() {
        try {
            removeAll();
        } catch (IOException | InterruptedException e) {
            System.err.println("faults: could not remove the iptables rules commented " + comment + ": " + e);
        }
    }

    private static void exec(String op, List<String> rule) throws IOException, InterruptedException {
        Result result = run(withHead(List.of(BINARY, "-w", "5", op), rule));
        if (result.exitCode != 0) {
            throw new IOException("iptables " + op + " " + rule + " failed: " + result.output.strip());
        }
    }

    private static List<String> withHead(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return all;
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " did not finish in 30 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
