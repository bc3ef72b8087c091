package io.etcdj.faults.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One run's settings: {@code --nodes 3 --time 20 --nemesis kill,pause,partition,disk,clock --seed 1 [--tls]
 * [--dir DIR] [--clients 8]}.
 *
 * @param nodes      members (3 or 5)
 * @param timeSeconds how long faults are injected (the workload runs on for a short recovery period after)
 * @param nemeses    which faults: kill, pause, partition, disk, clock, remove (the default is all but remove)
 * @param seed       every random choice of the run (faults, targets, operations) follows from it
 * @param peerTls    mutual TLS between members
 * @param workDir    data dirs, member logs, and on failure the failing history window
 * @param clients    register clients (the set and in-order workloads add one client each)
 * @param localReads register reads without {@code quorum=true}, served by whichever member is asked: not
 *                   linearizable under partitions, and the checker must say so ({@code --local-reads}, a check of
 *                   the checker)
 */
public record RunOptions(
        int nodes,
        int timeSeconds,
        List<String> nemeses,
        long seed,
        boolean peerTls,
        Path workDir,
        int clients,
        boolean localReads) {
    public static final Set<String> NEMESES = Set.of("kill", "pause", "partition", "disk", "clock", "remove");

    public RunOptions {
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("--nodes " + nodes + ": between 1 and 9");
        }
        if (timeSeconds < 1) {
            throw new IllegalArgumentException("--time " + timeSeconds + ": at least 1 (seconds)");
        }
        for (String nemesis : nemeses) {
            if (!NEMESES.contains(nemesis)) {
                throw new IllegalArgumentException(
                        "--nemesis " + nemesis + ": one of " + NEMESES + ", comma-separated");
            }
        }
        if (clients < 1 || clients > 64) {
            throw new IllegalArgumentException("--clients " + clients + ": between 1 and 64");
        }
        nemeses = List.copyOf(nemeses);
    }

    public RunOptions withNemeses(List<String> newNemeses) {
        return new RunOptions(nodes, timeSeconds, newNemeses, seed, peerTls, workDir, clients, localReads);
    }

    /** The command line that replays this run. */
    public String replayCommand() {
        return "faults/run --nodes " + nodes + " --time " + timeSeconds + " --nemesis "
                + (nemeses.isEmpty() ? "none" : String.join(",", nemeses)) + " --seed " + seed
                + (peerTls ? " --tls" : "") + (localReads ? " --local-reads" : "") + " --clients " + clients;
    }

    /** Parses the command line; {@code defaultDir} when there is no {@code --dir}. */
    public static RunOptions parse(String[] args, Path defaultDir) {
        int nodes = 3;
        int time = 60;
        List<String> nemeses = List.of("kill", "pause", "partition", "disk", "clock");
        long seed = System.currentTimeMillis();
        boolean tls = false;
        boolean localReads = false;
        Path dir = defaultDir;
        int clients = 8;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--tls")) {
                tls = true;
                continue;
            }
            if (flag.equals("--local-reads")) {
                localReads = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--nodes" -> nodes = Integer.parseInt(value);
                    case "--time" -> time = Integer.parseInt(value);
                    case "--nemesis" -> nemeses = value.equals("none") ? List.of() : split(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--dir" -> dir = Path.of(value);
                    case "--clients" -> clients = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown flag " + flag);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " " + value + ": not a number");
            }
        }
        return new RunOptions(nodes, time, nemeses, seed, tls, dir, clients, localReads);
    }

    private static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }
}
