package io.etcdj.faults.run;

import java.nio.file.Path;

/**
 * {@code faults/run [--nodes 3] [--time 60] [--nemesis kill,pause,partition,disk,clock] [--seed N] [--tls] [--dir DIR]
 * [--clients 8]}: one run; exit 0 when every check passed, 1 when one failed, 2 on bad flags.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println(
                    "usage: faults/run [--nodes 3] [--time 60] [--nemesis kill,pause,partition,disk,clock,remove|none]"
                            + " [--seed N] [--tls] [--dir DIR] [--clients 8] [--local-reads]");
            return;
        }
        RunOptions options;
        try {
            options = RunOptions.parse(args, Path.of("faults", "target", "runs", "run-" + System.currentTimeMillis()));
        } catch (IllegalArgumentException e) {
            System.err.println("faults/run: " + e.getMessage() + " (-h for usage)");
            System.exit(2);
            return;
        }
        RunResult result = new FaultRun(options, System.out).run();
        System.exit(result.passed() ? 0 : 1);
    }
}
